package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.ANOMALY_EVENTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.schema.jooq.tables.records.AnomalyEventsRecord;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.DetectionOutcome;
import io.iris.workflows.remediation.DetectionOutcome.Tracked;
import io.iris.workflows.remediation.Finding;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The {@code anomaly_events} table: at most one open row per dedup key (its partial unique index),
 * updated while the anomaly persists and resolved once it has been absent for {@code clear-after}
 * runs in a row; and the impact queries over {@code messages}.
 *
 * <p>A run writes with its own time {@code at} into {@code updated_at}, and a row already touched
 * at {@code at} is not counted again, so a retried {@link #record} changes nothing twice and
 * reports the same outcome: opened = open rows detected at {@code at}, repeated = open rows last
 * seen at {@code at} and detected before, cleared = rows resolved at {@code at}.
 */
@Repository
public class AnomalyStore {

  static final String OPEN = "open";
  static final String RESOLVED = "resolved";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an anomaly affected. */
  public record Impact(long messages, int tenants) {
    public static final Impact NONE = new Impact(0, 0);
  }

  /** A stored anomaly, as the API shows it. Null: {@code resolvedAt} while open. */
  public record Anomaly(
      UUID id,
      String dedupKey,
      AnomalyType type,
      Severity severity,
      String status,
      String channel,
      String provider,
      String tenantId,
      String taskQueue,
      BigDecimal expected,
      BigDecimal actual,
      BigDecimal deviationPercent,
      String unit,
      String detail,
      Map<String, String> evidence,
      long messagesAffected,
      int tenantsAffected,
      int occurrences,
      Instant detectedAt,
      Instant lastSeenAt,
      Instant resolvedAt,
      UUID incidentId) {

    public AnomalyRef ref() {
      return new AnomalyRef(
          id.toString(),
          type,
          severity,
          dedupKey,
          channel,
          provider,
          tenantId,
          taskQueue,
          expected.doubleValue(),
          actual.doubleValue(),
          deviationPercent.doubleValue(),
          unit,
          detail,
          detectedAt.toEpochMilli());
    }
  }

  private final DSLContext db;

  public AnomalyStore(DSLContext db) {
    this.db = db;
  }

  /**
   * Stores one run's findings at {@code at} (see the class comment) and deletes resolved anomalies
   * older than {@code retention} that no remediation run refers to.
   *
   * @param impact what each finding affected
   */
  public DetectionOutcome record(
      Instant at,
      List<Finding> findings,
      Function<Finding, Impact> impact,
      int clearAfter,
      Duration retention) {
    OffsetDateTime now = at(at);
    Set<String> seen = new HashSet<>();
    for (Finding f : findings) {
      if (seen.add(f.dedupKey())) {
        upsert(f, impact.apply(f), now);
      }
    }
    // Absent this run: one more missed run, once per run.
    db.update(ANOMALY_EVENTS)
        .set(ANOMALY_EVENTS.MISSED_RUNS, ANOMALY_EVENTS.MISSED_RUNS.plus(1))
        .set(ANOMALY_EVENTS.UPDATED_AT, now)
        .where(ANOMALY_EVENTS.STATUS.eq(OPEN))
        .and(ANOMALY_EVENTS.UPDATED_AT.lt(now))
        .and(seen.isEmpty() ? DSL.noCondition() : ANOMALY_EVENTS.DEDUP_KEY.notIn(seen))
        .execute();
    db.update(ANOMALY_EVENTS)
        .set(ANOMALY_EVENTS.STATUS, RESOLVED)
        .set(ANOMALY_EVENTS.RESOLVED_AT, now)
        .where(ANOMALY_EVENTS.STATUS.eq(OPEN))
        .and(ANOMALY_EVENTS.MISSED_RUNS.ge(clearAfter))
        .execute();
    db.deleteFrom(ANOMALY_EVENTS)
        .where(ANOMALY_EVENTS.STATUS.eq(RESOLVED))
        .and(ANOMALY_EVENTS.RESOLVED_AT.lt(at(at.minus(retention))))
        .andNotExists(
            DSL.selectOne()
                .from(DSL.table("remediation_runs"))
                .where(DSL.field("remediation_runs.anomaly_id").eq(ANOMALY_EVENTS.ID)))
        .execute();
    List<Tracked> opened =
        tracked(ANOMALY_EVENTS.STATUS.eq(OPEN).and(ANOMALY_EVENTS.DETECTED_AT.eq(now)));
    List<Tracked> repeated =
        tracked(
            ANOMALY_EVENTS
                .STATUS
                .eq(OPEN)
                .and(ANOMALY_EVENTS.LAST_SEEN_AT.eq(now))
                .and(ANOMALY_EVENTS.DETECTED_AT.lt(now)));
    List<Tracked> cleared =
        tracked(ANOMALY_EVENTS.STATUS.eq(RESOLVED).and(ANOMALY_EVENTS.RESOLVED_AT.eq(now)));
    return new DetectionOutcome(opened, repeated, cleared);
  }

  /** Updates the open row of the finding's key, or inserts one (a lost race updates after all). */
  private void upsert(Finding f, Impact impact, OffsetDateTime now) {
    for (int tries = 0; tries < 3; tries++) {
      int updated =
          db.update(ANOMALY_EVENTS)
              .set(ANOMALY_EVENTS.ACTUAL_VALUE, number(f.actual()))
              .set(ANOMALY_EVENTS.EXPECTED_VALUE, number(f.expected()))
              .set(ANOMALY_EVENTS.DEVIATION_PERCENT, number(f.deviationPercent()))
              .set(ANOMALY_EVENTS.DETAIL, f.detail())
              .set(ANOMALY_EVENTS.EVIDENCE, json(f.evidence()))
              .set(ANOMALY_EVENTS.MESSAGES_AFFECTED, impact.messages())
              .set(ANOMALY_EVENTS.TENANTS_AFFECTED, impact.tenants())
              .set(
                  ANOMALY_EVENTS.OCCURRENCES,
                  DSL.when(ANOMALY_EVENTS.LAST_SEEN_AT.lt(now), ANOMALY_EVENTS.OCCURRENCES.plus(1))
                      .otherwise(ANOMALY_EVENTS.OCCURRENCES))
              .set(
                  ANOMALY_EVENTS.LAST_SEEN_AT,
                  DSL.greatest(ANOMALY_EVENTS.LAST_SEEN_AT, DSL.val(now)))
              .set(ANOMALY_EVENTS.MISSED_RUNS, 0)
              .set(ANOMALY_EVENTS.UPDATED_AT, DSL.greatest(ANOMALY_EVENTS.UPDATED_AT, DSL.val(now)))
              .where(ANOMALY_EVENTS.DEDUP_KEY.eq(f.dedupKey()))
              .and(ANOMALY_EVENTS.STATUS.eq(OPEN))
              .execute();
      if (updated > 0) {
        return;
      }
      int inserted =
          db.insertInto(ANOMALY_EVENTS)
              .set(ANOMALY_EVENTS.ID, UUID.randomUUID())
              .set(ANOMALY_EVENTS.DEDUP_KEY, f.dedupKey())
              .set(ANOMALY_EVENTS.ANOMALY_TYPE, f.type().wireName())
              .set(ANOMALY_EVENTS.SEVERITY, f.severity().wireName())
              .set(ANOMALY_EVENTS.STATUS, OPEN)
              .set(ANOMALY_EVENTS.CHANNEL, empty(f.channel()))
              .set(ANOMALY_EVENTS.PROVIDER, empty(f.provider()))
              .set(ANOMALY_EVENTS.TENANT_ID, uuid(f.tenantId()))
              .set(ANOMALY_EVENTS.TASK_QUEUE, empty(f.taskQueue()))
              .set(ANOMALY_EVENTS.EXPECTED_VALUE, number(f.expected()))
              .set(ANOMALY_EVENTS.ACTUAL_VALUE, number(f.actual()))
              .set(ANOMALY_EVENTS.DEVIATION_PERCENT, number(f.deviationPercent()))
              .set(ANOMALY_EVENTS.UNIT, f.unit())
              .set(ANOMALY_EVENTS.DETAIL, f.detail())
              .set(ANOMALY_EVENTS.EVIDENCE, json(f.evidence()))
              .set(ANOMALY_EVENTS.MESSAGES_AFFECTED, impact.messages())
              .set(ANOMALY_EVENTS.TENANTS_AFFECTED, impact.tenants())
              .set(ANOMALY_EVENTS.OCCURRENCES, 1)
              .set(ANOMALY_EVENTS.MISSED_RUNS, 0)
              .set(ANOMALY_EVENTS.DETECTED_AT, now)
              .set(ANOMALY_EVENTS.LAST_SEEN_AT, now)
              .set(ANOMALY_EVENTS.UPDATED_AT, now)
              .onConflict(ANOMALY_EVENTS.DEDUP_KEY)
              .where(ANOMALY_EVENTS.STATUS.eq(OPEN))
              .doNothing()
              .execute();
      if (inserted > 0) {
        return;
      }
      // Another run opened it meanwhile: update that row.
    }
    throw new IllegalStateException("anomaly " + f.dedupKey() + " could not be stored");
  }

  private List<Tracked> tracked(org.jooq.Condition condition) {
    return db.selectFrom(ANOMALY_EVENTS)
        .where(condition)
        .orderBy(ANOMALY_EVENTS.DETECTED_AT, ANOMALY_EVENTS.DEDUP_KEY)
        .fetch(
            r ->
                new Tracked(
                    anomaly(r).ref(),
                    r.getIncidentId() == null ? "" : r.getIncidentId().toString()));
  }

  /** Links the anomaly to the incident it opened (the first link stays). */
  public void linkIncident(UUID anomalyId, UUID incidentId) {
    db.update(ANOMALY_EVENTS)
        .set(ANOMALY_EVENTS.INCIDENT_ID, incidentId)
        .where(ANOMALY_EVENTS.ID.eq(anomalyId))
        .and(ANOMALY_EVENTS.INCIDENT_ID.isNull())
        .execute();
  }

  public Optional<Anomaly> find(UUID id) {
    return db.selectFrom(ANOMALY_EVENTS)
        .where(ANOMALY_EVENTS.ID.eq(id))
        .fetchOptional(AnomalyStore::anomaly);
  }

  /** Anomalies, newest first, optionally of one status and type. */
  public List<Anomaly> list(Optional<String> status, Optional<AnomalyType> type, int limit) {
    return db.selectFrom(ANOMALY_EVENTS)
        .where(status.map(ANOMALY_EVENTS.STATUS::eq).orElse(DSL.noCondition()))
        .and(type.map(t -> ANOMALY_EVENTS.ANOMALY_TYPE.eq(t.wireName())).orElse(DSL.noCondition()))
        .orderBy(ANOMALY_EVENTS.DETECTED_AT.desc(), ANOMALY_EVENTS.ID)
        .limit(limit)
        .fetch(AnomalyStore::anomaly);
  }

  // Impact, over messages in [from, to) (messages_created_idx).

  /**
   * Messages of the channel in the window that the provider failed: an attempt on it that it did
   * not accept, or a message it carried that ended failed or undelivered.
   */
  public Impact failedOn(String channel, String provider, Instant from, Instant to) {
    return impact(
        "m.channel = ? AND (EXISTS (SELECT 1 FROM message_attempts a WHERE a.message_id = m.id"
            + " AND a.provider = ? AND a.outcome <> 'accepted') OR (m.provider = ? AND m.status IN"
            + " ('failed', 'undelivered')))",
        from,
        to,
        channel,
        provider,
        provider);
  }

  /** Messages of the channel in the window with an attempt on the provider (a slow provider). */
  public Impact carriedBy(String channel, String provider, Instant from, Instant to) {
    return impact(
        "m.channel = ? AND EXISTS (SELECT 1 FROM message_attempts a WHERE a.message_id = m.id AND"
            + " a.provider = ?)",
        from,
        to,
        channel,
        provider);
  }

  /** Messages of the channel in the window (a cost spike). */
  public Impact ofChannel(String channel, Instant from, Instant to) {
    return impact("m.channel = ?", from, to, channel);
  }

  /** Messages still waiting to be sent that were accepted in the window (a backlog). */
  public Impact waiting(Instant from, Instant to) {
    return impact("m.status IN ('accepted', 'sending')", from, to);
  }

  private Impact impact(String condition, Instant from, Instant to, Object... binds) {
    Object[] all = new Object[binds.length + 2];
    all[0] = at(from);
    all[1] = at(to);
    System.arraycopy(binds, 0, all, 2, binds.length);
    Record r =
        db.fetchOne(
            "SELECT count(*), count(DISTINCT m.tenant_id) FROM messages m WHERE m.created_at >="
                + " ?::timestamptz AND m.created_at < ?::timestamptz AND "
                + condition,
            all);
    return r == null ? Impact.NONE : new Impact(r.get(0, Long.class), r.get(1, Integer.class));
  }

  private static Anomaly anomaly(AnomalyEventsRecord r) {
    return new Anomaly(
        r.getId(),
        r.getDedupKey(),
        AnomalyType.fromWire(r.getAnomalyType()).orElseThrow(),
        Severity.fromWire(r.getSeverity()),
        r.getStatus(),
        orEmpty(r.getChannel()),
        orEmpty(r.getProvider()),
        r.getTenantId() == null ? "" : r.getTenantId().toString(),
        orEmpty(r.getTaskQueue()),
        r.getExpectedValue(),
        r.getActualValue(),
        r.getDeviationPercent(),
        r.getUnit(),
        r.getDetail(),
        evidence(r.getEvidence()),
        r.getMessagesAffected(),
        r.getTenantsAffected(),
        r.getOccurrences(),
        r.getDetectedAt().toInstant(),
        r.getLastSeenAt().toInstant(),
        r.getResolvedAt() == null ? null : r.getResolvedAt().toInstant(),
        r.getIncidentId());
  }

  private static Map<String, String> evidence(JSONB json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json.data(), new TypeReference<java.util.TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private static JSONB json(Map<String, String> evidence) {
    try {
      return JSONB.valueOf(JSON.writeValueAsString(evidence));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence cannot be written", e);
    }
  }

  /** A figure as the NUMERIC(18, 6) columns hold it. */
  static BigDecimal number(double value) {
    if (!Double.isFinite(value)) {
      return BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
  }

  private static UUID uuid(String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException notAUuid) {
      return null;
    }
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
