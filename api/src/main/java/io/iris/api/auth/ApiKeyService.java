package io.iris.api.auth;

import io.iris.api.audit.AuditLog;
import io.iris.api.auth.ApiKeyRepository.Key;
import io.iris.api.auth.ApiKeyRepository.StoredKey;
import io.iris.api.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issuing, checking, rotating and revoking API keys. */
@Service
public class ApiKeyService {

  private final ApiKeyRepository keys;
  private final AuditLog auditLog;
  private final AuthSettings settings;
  private final Clock clock;

  ApiKeyService(ApiKeyRepository keys, AuditLog auditLog, AuthSettings settings, Clock clock) {
    this.keys = keys;
    this.auditLog = auditLog;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The principal a presented key stands for, if the key is known, current and its tenant active.
   */
  public Optional<ApiPrincipal> authenticate(String presentedKey) {
    if (presentedKey == null || !presentedKey.startsWith(ApiKeySecrets.PREFIX)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<StoredKey> found = keys.findByHash(ApiKeySecrets.hash(presentedKey));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Key key = found.get().key();
    String status = status(key, now);
    boolean usable = "active".equals(status) || "expiring".equals(status);
    String tenantStatus = found.get().tenantStatus();
    if (!usable || (tenantStatus != null && !"active".equals(tenantStatus))) {
      return Optional.empty();
    }
    if (key.lastUsedAt() == null
        || key.lastUsedAt().plus(settings.lastUsedResolution()).isBefore(now)) {
      keys.touch(key.id(), now);
    }
    return Optional.of(
        new ApiPrincipal(key.id(), Scope.fromDb(key.scope()), Optional.ofNullable(key.tenantId())));
  }

  /** Makes a key for a tenant (the tenant must exist; the caller checks access). */
  @Transactional
  public IssuedApiKey issueTenantKey(
      ApiPrincipal actor, UUID tenantId, String name, Optional<Instant> expiresAt) {
    IssuedApiKey issued = issue(Optional.of(tenantId), Scope.TENANT, name, expiresAt);
    auditLog.record(
        actor,
        "api_key.create",
        "api_key",
        issued.id().toString(),
        Optional.of(tenantId),
        keyDetails(issued));
    return issued;
  }

  /** Makes another admin key. */
  @Transactional
  public IssuedApiKey issueAdminKey(ApiPrincipal actor, String name, Optional<Instant> expiresAt) {
    actor.requireAdmin();
    IssuedApiKey issued = issue(Optional.empty(), Scope.ADMIN, name, expiresAt);
    auditLog.record(
        actor,
        "api_key.create",
        "api_key",
        issued.id().toString(),
        Optional.empty(),
        keyDetails(issued));
    return issued;
  }

  /**
   * Issues a key inside the caller's transaction; used when a tenant is created with its first key.
   */
  IssuedApiKey issue(
      Optional<UUID> tenantId, Scope scope, String name, Optional<Instant> expiresAt) {
    Instant now = clock.instant();
    expiresAt.ifPresent(
        at -> {
          if (!at.isAfter(now)) {
            throw ApiProblem.invalidField("expiresAt", "must be in the future");
          }
        });
    String key = ApiKeySecrets.newKey();
    UUID id = UUID.randomUUID();
    keys.insert(
        id,
        tenantId,
        scope,
        name,
        ApiKeySecrets.hash(key),
        ApiKeySecrets.displayPrefix(key),
        now,
        expiresAt);
    return new IssuedApiKey(
        id,
        key,
        name,
        scope.dbValue(),
        tenantId.orElse(null),
        ApiKeySecrets.displayPrefix(key),
        now,
        expiresAt.orElse(null),
        null);
  }

  /**
   * Replaces a key with a new one. The old key keeps working for the grace period, so callers can
   * roll the new key out without an outage, then stops.
   */
  @Transactional
  public IssuedApiKey rotate(ApiPrincipal actor, UUID keyId, Optional<Duration> requestedGrace) {
    Key old = visibleKey(actor, keyId);
    Instant now = clock.instant();
    String oldStatus = status(old, now);
    if (!"active".equals(oldStatus)) {
      throw ApiProblem.conflict(
          "API key '" + keyId + "' is " + oldStatus + "; only an active key can be rotated.");
    }
    Duration grace = requestedGrace.orElse(settings.rotationGrace());
    if (grace.isNegative()) {
      throw ApiProblem.invalidField("gracePeriod", "must not be negative");
    }
    if (grace.compareTo(settings.maxRotationGrace()) > 0) {
      throw ApiProblem.invalidField(
          "gracePeriod", "must be at most " + settings.maxRotationGrace());
    }
    Optional<Instant> successorExpiry = Optional.ofNullable(old.expiresAt());
    Optional<UUID> tenant = Optional.ofNullable(old.tenantId());
    IssuedApiKey successor = issue(tenant, Scope.fromDb(old.scope()), old.name(), successorExpiry);
    Instant oldEnd = now.plus(grace);
    keys.markRotated(old.id(), successor.id(), oldEnd);
    Instant previousExpiry =
        old.expiresAt() != null && old.expiresAt().isBefore(oldEnd) ? old.expiresAt() : oldEnd;
    Map<String, Object> details = keyDetails(successor);
    details.put("previousKeyId", old.id().toString());
    details.put("previousKeyExpiresAt", previousExpiry.toString());
    auditLog.record(actor, "api_key.rotate", "api_key", old.id().toString(), tenant, details);
    return new IssuedApiKey(
        successor.id(),
        successor.apiKey(),
        successor.name(),
        successor.scope(),
        successor.tenantId(),
        successor.prefix(),
        successor.createdAt(),
        successor.expiresAt(),
        previousExpiry);
  }

  /**
   * Revokes a key at once. Revoking the key in use is allowed: it is the way to lock oneself out.
   */
  @Transactional
  public ApiKeyView revoke(ApiPrincipal actor, UUID keyId) {
    Key key = visibleKey(actor, keyId);
    keys.revoke(key.id(), clock.instant());
    auditLog.record(
        actor,
        "api_key.revoke",
        "api_key",
        keyId.toString(),
        Optional.ofNullable(key.tenantId()),
        Map.of("name", key.name()));
    return view(keys.findById(keyId).orElseThrow());
  }

  public List<ApiKeyView> listForTenant(UUID tenantId) {
    return keys.findByTenant(tenantId).stream().map(this::view).toList();
  }

  /**
   * Makes {@code key} the bootstrap admin key: inserted if new, and any other key in the bootstrap
   * slot revoked, so exactly the configured key opens the platform.
   */
  @Transactional
  public void installBootstrapKey(String key) {
    installAdminKeyInSlot(BOOTSTRAP_SLOT, key);
  }

  /** The name that marks the bootstrap admin key. */
  static final String BOOTSTRAP_SLOT = "bootstrap";

  /** Makes {@code key} the one active admin key named {@code name}. */
  @Transactional
  void installAdminKeyInSlot(String name, String key) {
    String hash = ApiKeySecrets.hash(key);
    Instant now = clock.instant();
    List<Key> current = keys.findActiveAdminKeysNamed(name, now);
    if (current.stream().anyMatch(k -> k.keyHash().equals(hash))) {
      current.stream()
          .filter(k -> !k.keyHash().equals(hash))
          .forEach(k -> keys.revoke(k.id(), now));
      return;
    }
    UUID id = UUID.randomUUID();
    if (!keys.insert(
        id,
        Optional.empty(),
        Scope.ADMIN,
        name,
        hash,
        ApiKeySecrets.displayPrefix(key),
        now,
        Optional.empty())) {
      throw new IllegalStateException(
          "IRIS_BOOTSTRAP_ADMIN_KEY was used before and has since been revoked or expired;"
              + " choose a new key");
    }
    current.forEach(k -> keys.revoke(k.id(), now));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("prefix", ApiKeySecrets.displayPrefix(key));
    details.put("replaced", current.stream().map(k -> k.id().toString()).toList());
    auditLog.recordSystem("api_key.bootstrap", "api_key", id.toString(), details);
  }

  /** A key the caller may manage: any for admins, their tenant's for tenant keys; else 404. */
  private Key visibleKey(ApiPrincipal actor, UUID keyId) {
    Key key =
        keys.findById(keyId).orElseThrow(() -> ApiProblem.notFound("API key", keyId.toString()));
    if (!actor.isAdmin()
        && (key.tenantId() == null || !actor.tenantId().equals(Optional.of(key.tenantId())))) {
      throw ApiProblem.notFound("API key", keyId.toString());
    }
    return key;
  }

  static String status(Key key, Instant now) {
    if (key.revokedAt() != null) {
      return "revoked";
    }
    if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
      return "expired";
    }
    return key.rotatedTo() != null ? "expiring" : "active";
  }

  private ApiKeyView view(Key k) {
    return new ApiKeyView(
        k.id(),
        k.name(),
        k.scope(),
        k.tenantId(),
        k.keyPrefix(),
        status(k, clock.instant()),
        k.createdAt(),
        k.expiresAt(),
        k.revokedAt(),
        k.rotatedTo(),
        k.lastUsedAt());
  }

  private static Map<String, Object> keyDetails(IssuedApiKey key) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", key.name());
    details.put("scope", key.scope());
    details.put("prefix", key.prefix());
    if (key.expiresAt() != null) {
      details.put("expiresAt", key.expiresAt().toString());
    }
    return details;
  }
}
