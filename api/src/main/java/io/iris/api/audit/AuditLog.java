package io.iris.api.audit;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.api.auth.ApiPrincipal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The trail of administrative actions: who did what to which thing, from where. */
@Service
public class AuditLog {

  /** The actor of actions the platform takes by itself (start-up bootstrap, for example). */
  public static final String SYSTEM_ACTOR = "system";

  private final DSLContext db;
  private final Clock clock;
  private final ObjectMapper objectMapper;

  AuditLog(DSLContext db, Clock clock, ObjectMapper objectMapper) {
    this.db = db;
    this.clock = clock;
    this.objectMapper = objectMapper;
  }

  /** Records an action taken with an API key. Details must never hold secrets. */
  public void record(
      ApiPrincipal actor,
      String action,
      String targetType,
      String targetId,
      Optional<UUID> tenantId,
      Map<String, ?> details) {
    insert(
        Optional.of(actor.keyId()),
        actor.scope().dbValue(),
        action,
        targetType,
        targetId,
        tenantId,
        details);
  }

  /** Records an action the platform took by itself. */
  public void recordSystem(
      String action, String targetType, String targetId, Map<String, ?> details) {
    insert(Optional.empty(), SYSTEM_ACTOR, action, targetType, targetId, Optional.empty(), details);
  }

  private void insert(
      Optional<UUID> actorKey,
      String actorScope,
      String action,
      String targetType,
      String targetId,
      Optional<UUID> tenantId,
      Map<String, ?> details) {
    db.insertInto(AUDIT_LOGS)
        .set(AUDIT_LOGS.OCCURRED_AT, clock.instant().atOffset(ZoneOffset.UTC))
        .set(AUDIT_LOGS.ACTOR_KEY_ID, actorKey.orElse(null))
        .set(AUDIT_LOGS.ACTOR_SCOPE, actorScope)
        .set(AUDIT_LOGS.TENANT_ID, tenantId.orElse(null))
        .set(AUDIT_LOGS.ACTION, action)
        .set(AUDIT_LOGS.TARGET_TYPE, targetType)
        .set(AUDIT_LOGS.TARGET_ID, targetId)
        .set(AUDIT_LOGS.DETAILS, JSONB.valueOf(json(details)))
        .set(AUDIT_LOGS.SOURCE_IP, sourceIp().orElse(null))
        .execute();
  }

  /** The newest entries first, optionally for one tenant. */
  public List<AuditEntry> recent(Optional<UUID> tenantId, int limit) {
    return db.select()
        .from(AUDIT_LOGS)
        .where(tenantId.map(AUDIT_LOGS.TENANT_ID::eq).orElse(org.jooq.impl.DSL.noCondition()))
        .orderBy(AUDIT_LOGS.ID.desc())
        .limit(limit)
        .fetch(
            r ->
                new AuditEntry(
                    r.get(AUDIT_LOGS.ID),
                    r.get(AUDIT_LOGS.OCCURRED_AT).toInstant(),
                    r.get(AUDIT_LOGS.ACTOR_KEY_ID),
                    r.get(AUDIT_LOGS.ACTOR_SCOPE),
                    r.get(AUDIT_LOGS.TENANT_ID),
                    r.get(AUDIT_LOGS.ACTION),
                    r.get(AUDIT_LOGS.TARGET_TYPE),
                    r.get(AUDIT_LOGS.TARGET_ID),
                    parse(r.get(AUDIT_LOGS.DETAILS)),
                    r.get(AUDIT_LOGS.SOURCE_IP)));
  }

  private String json(Map<String, ?> details) {
    try {
      return objectMapper.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details must be plain values", e);
    }
  }

  private Map<String, Object> parse(JSONB details) {
    try {
      return objectMapper.readValue(
          details.data(),
          objectMapper.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private static Optional<String> sourceIp() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
        ? Optional.ofNullable(attrs.getRequest().getRemoteAddr())
        : Optional.empty();
  }
}
