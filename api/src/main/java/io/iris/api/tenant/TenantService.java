package io.iris.api.tenant;

import io.iris.api.audit.AuditLog;
import io.iris.api.auth.ApiKeyService;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.IssuedApiKey;
import io.iris.api.problem.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class TenantService {

  private final TenantRepository tenants;
  private final ApiKeyService apiKeys;
  private final AuditLog auditLog;
  private final Clock clock;

  TenantService(TenantRepository tenants, ApiKeyService apiKeys, AuditLog auditLog, Clock clock) {
    this.tenants = tenants;
    this.apiKeys = apiKeys;
    this.auditLog = auditLog;
    this.clock = clock;
  }

  /** A tenant and its first API key, created together or not at all. */
  public record CreatedTenant(Tenant tenant, IssuedApiKey firstKey) {}

  @Transactional
  public CreatedTenant create(ApiPrincipal actor, String name) {
    actor.requireAdmin();
    String trimmed = name.strip();
    Instant now = clock.instant();
    UUID id = UUID.randomUUID();
    if (!tenants.insert(id, trimmed, now)) {
      throw ApiProblem.conflict("A tenant named '" + trimmed + "' already exists.");
    }
    Tenant tenant = tenants.findById(id).orElseThrow();
    IssuedApiKey key = apiKeys.issueTenantKey(actor, id, "default", Optional.empty());
    auditLog.record(
        actor, "tenant.create", "tenant", id.toString(), Optional.of(id), Map.of("name", trimmed));
    return new CreatedTenant(tenant, key);
  }

  public Tenant get(ApiPrincipal actor, UUID id) {
    actor.requireAccessTo(id);
    return tenants.findById(id).orElseThrow(() -> ApiProblem.notFound("tenant", id.toString()));
  }

  /** at_most_once or at_least_once: see docs/delivery-guarantees.md. Admin only. */
  @Transactional
  public Tenant setDeliveryGuarantee(ApiPrincipal actor, UUID id, String guarantee) {
    actor.requireAdmin();
    if (!tenants.setDeliveryGuarantee(id, guarantee, clock.instant())) {
      throw ApiProblem.notFound("tenant", id.toString());
    }
    auditLog.record(
        actor,
        "tenant.delivery_guarantee",
        "tenant",
        id.toString(),
        Optional.of(id),
        Map.of("deliveryGuarantee", guarantee));
    return tenants.findById(id).orElseThrow();
  }

  /**
   * Replaces what the tenant asks of its providers (a field left out asks nothing of that kind).
   * Admin only; audited. The senders pick the change up within the routing refresh interval.
   */
  @Transactional
  public Tenant setRoutingRequirements(
      ApiPrincipal actor, UUID id, Tenant.RoutingRequirements requirements) {
    actor.requireAdmin();
    if (!tenants.setRoutingRequirements(id, requirements, clock.instant())) {
      throw ApiProblem.notFound("tenant", id.toString());
    }
    Map<String, Object> detail = new java.util.LinkedHashMap<>();
    detail.put("minDeliveryRatePercent", requirements.minDeliveryRatePercent());
    detail.put("maxLatencyMs", requirements.maxLatencyMs());
    detail.put("maxCostPerMessageUsd", requirements.maxCostPerMessageUsd());
    auditLog.record(
        actor, "tenant.routing_requirements", "tenant", id.toString(), Optional.of(id), detail);
    return tenants.findById(id).orElseThrow();
  }

  public List<Tenant> list(ApiPrincipal actor, int limit) {
    actor.requireAdmin();
    return tenants.list(limit);
  }
}
