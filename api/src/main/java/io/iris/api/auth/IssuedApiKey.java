package io.iris.api.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * A key just made: the only time its clear value is returned.
 *
 * @param apiKey the key itself; store it now, it cannot be shown again
 * @param previousKeyExpiresAt for a rotation, when the key it replaces stops working
 */
public record IssuedApiKey(
    UUID id,
    String apiKey,
    String name,
    String scope,
    UUID tenantId,
    String prefix,
    Instant createdAt,
    Instant expiresAt,
    Instant previousKeyExpiresAt) {

  /** Redacts the key, so debug logging of responses cannot leak it. */
  @Override
  public String toString() {
    return "IssuedApiKey[id="
        + id
        + ", prefix="
        + prefix
        + ", scope="
        + scope
        + ", tenantId="
        + tenantId
        + "]";
  }
}
