package io.iris.api.auth;

import io.iris.api.problem.ApiProblem;
import java.util.Optional;
import java.util.UUID;

/**
 * The caller of a {@code /v1} request, as its API key says.
 *
 * @param keyId the key used
 * @param scope admin or tenant
 * @param tenantId the tenant of a tenant key; empty for admin keys
 */
public record ApiPrincipal(UUID keyId, Scope scope, Optional<UUID> tenantId) {

  /** Request attribute under which the authentication filter leaves the principal. */
  public static final String ATTRIBUTE = ApiPrincipal.class.getName();

  public boolean isAdmin() {
    return scope == Scope.ADMIN;
  }

  /** Throws 403 unless this is an admin key. */
  public void requireAdmin() {
    if (!isAdmin()) {
      throw ApiProblem.forbidden("This operation needs an admin API key.");
    }
  }

  /**
   * Throws unless the caller may see the tenant: admins see all; a tenant key sees only its own,
   * and another tenant looks to it as if it did not exist (404), so ids cannot be probed.
   */
  public void requireAccessTo(UUID tenant) {
    if (!isAdmin() && !tenantId.map(tenant::equals).orElse(false)) {
      throw ApiProblem.notFound("tenant", tenant.toString());
    }
  }
}
