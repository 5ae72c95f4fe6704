package io.iris.api.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One audit-log row as the API shows it. */
public record AuditEntry(
    long id,
    Instant occurredAt,
    UUID actorKeyId,
    String actorScope,
    UUID tenantId,
    String action,
    String targetType,
    String targetId,
    Map<String, Object> details,
    String sourceIp) {}
