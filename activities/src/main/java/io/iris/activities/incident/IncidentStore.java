package io.iris.activities.incident;

import static io.iris.schema.jooq.Tables.INCIDENTS;
import static io.iris.schema.jooq.Tables.INCIDENT_ALERTS;
import static io.iris.schema.jooq.Tables.INCIDENT_EVENTS;

import io.iris.schema.jooq.tables.records.IncidentEventsRecord;
import io.iris.schema.jooq.tables.records.IncidentsRecord;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.IncidentStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The {@code incidents}, {@code incident_events} and {@code incident_alerts} tables. */
@Repository
public class IncidentStore {

  private final DSLContext db;
  private final Clock clock;

  public IncidentStore(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * A stored incident, as other modules see it. Null where the row has nothing yet: {@code
   * dedupKey} (none given), {@code acknowledgedAt}/{@code acknowledgedBy} (not acknowledged),
   * {@code resolvedAt}/{@code resolvedBy} (open), {@code mttaMs} (never acknowledged), {@code
   * mttrMs} and {@code review} (not closed, or no review for its severity).
   */
  public record Incident(
      UUID id,
      String title,
      String severity,
      String status,
      String service,
      String description,
      String dedupKey,
      String source,
      int escalationLevel,
      Instant openedAt,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant resolvedAt,
      String resolvedBy,
      Long mttaMs,
      Long mttrMs,
      String review,
      Instant updatedAt,
      String type) {}

  /** One stored entry of an incident's timeline. */
  public record Entry(
      UUID incidentId, int seq, Instant at, String event, String actor, String detail) {}

  /** An alert attached to an incident, as last reported ({@code status} firing or resolved). */
  public record Alert(
      UUID incidentId, String fingerprint, String status, String summary, Instant updatedAt) {}

  /**
   * A new incident as opened.
   *
   * @param type what kind of incident: an anomaly type, {@code alertmanager:<alertname>}, or ""
   */
  public record Opening(
      UUID id,
      String title,
      String severity,
      String service,
      String description,
      Optional<String> dedupKey,
      String source,
      Instant openedAt,
      String type) {

    public Opening {
      type = type == null ? "" : type;
    }

    /** An incident of no particular type. */
    public Opening(
        UUID id,
        String title,
        String severity,
        String service,
        String description,
        Optional<String> dedupKey,
        String source,
        Instant openedAt) {
      this(id, title, severity, service, description, dedupKey, source, openedAt, "");
    }
  }

  /**
   * Inserts the incident unless an open one has the same dedup key; returns the stored incident
   * (the new one, or the open one it attaches to).
   */
  public Incident openOrGet(Opening o) {
    int inserted =
        db.insertInto(INCIDENTS)
            .set(INCIDENTS.ID, o.id())
            .set(INCIDENTS.TITLE, o.title())
            .set(INCIDENTS.SEVERITY, o.severity())
            .set(INCIDENTS.STATUS, IncidentStatus.OPEN.wireName())
            .set(INCIDENTS.SERVICE, o.service())
            .set(INCIDENTS.DESCRIPTION, o.description())
            .set(INCIDENTS.DEDUP_KEY, o.dedupKey().orElse(null))
            .set(INCIDENTS.SOURCE, o.source())
            .set(INCIDENTS.INCIDENT_TYPE, o.type())
            .set(INCIDENTS.OPENED_AT, at(o.openedAt()))
            .set(INCIDENTS.UPDATED_AT, at(o.openedAt()))
            .onConflictDoNothing()
            .execute();
    if (inserted == 1 || o.dedupKey().isEmpty()) {
      return find(o.id()).orElseThrow();
    }
    return findOpenByDedupKey(o.dedupKey().get()).orElseGet(() -> find(o.id()).orElseThrow());
  }

  public Optional<Incident> find(UUID id) {
    return db.selectFrom(INCIDENTS)
        .where(INCIDENTS.ID.eq(id))
        .fetchOptional(IncidentStore::incident);
  }

  public Optional<Incident> findOpenByDedupKey(String dedupKey) {
    return db.selectFrom(INCIDENTS)
        .where(INCIDENTS.DEDUP_KEY.eq(dedupKey))
        .and(INCIDENTS.STATUS.ne(IncidentStatus.RESOLVED.wireName()))
        .fetchOptional(IncidentStore::incident);
  }

  public List<Incident> list(Optional<String> status, int limit) {
    return db.selectFrom(INCIDENTS)
        .where(status.map(INCIDENTS.STATUS::eq).orElse(DSL.noCondition()))
        .orderBy(INCIDENTS.OPENED_AT.desc())
        .limit(limit)
        .fetch(IncidentStore::incident);
  }

  public List<Entry> events(UUID id) {
    return db.selectFrom(INCIDENT_EVENTS)
        .where(INCIDENT_EVENTS.INCIDENT_ID.eq(id))
        .orderBy(INCIDENT_EVENTS.SEQ)
        .fetch(
            r ->
                new Entry(
                    r.getIncidentId(),
                    r.getSeq(),
                    instant(r.getAt()),
                    r.getEvent(),
                    r.getActor(),
                    r.getDetail()));
  }

  public List<Alert> alerts(UUID id) {
    return db.selectFrom(INCIDENT_ALERTS)
        .where(INCIDENT_ALERTS.INCIDENT_ID.eq(id))
        .orderBy(INCIDENT_ALERTS.FINGERPRINT)
        .fetch(
            r ->
                new Alert(
                    r.getIncidentId(),
                    r.getFingerprint(),
                    r.getStatus(),
                    r.getSummary(),
                    instant(r.getUpdatedAt())));
  }

  /**
   * Brings the row up to the workflow's state and appends timeline entries not yet stored. A state
   * older than the stored one (fewer timeline entries: every change the row shows comes with one)
   * changes nothing: a write that outlived its timeout and lands after a newer one — a database
   * that hung, then came back — cannot undo it. Returns false for such a stale write.
   */
  public boolean record(IncidentState s) {
    UUID id = UUID.fromString(s.incidentId());
    int seq = s.timeline().isEmpty() ? 0 : s.timeline().get(s.timeline().size() - 1).seq();
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          // One writer at a time per incident, so the check below and the writes are one step.
          t.select(INCIDENTS.ID).from(INCIDENTS).where(INCIDENTS.ID.eq(id)).forUpdate().fetch();
          int stored =
              t.select(DSL.coalesce(DSL.max(INCIDENT_EVENTS.SEQ), 0))
                  .from(INCIDENT_EVENTS)
                  .where(INCIDENT_EVENTS.INCIDENT_ID.eq(id))
                  .fetchOne(0, int.class);
          if (seq < stored) {
            return false;
          }
          t.update(INCIDENTS)
              .set(INCIDENTS.STATUS, s.status().wireName())
              .set(INCIDENTS.ESCALATION_LEVEL, s.escalationLevel())
              .set(INCIDENTS.ACKNOWLEDGED_AT, millis(s.acknowledgedAtMillis()))
              .set(INCIDENTS.ACKNOWLEDGED_BY, empty(s.acknowledgedBy()))
              .set(INCIDENTS.RESOLVED_AT, millis(s.resolvedAtMillis()))
              .set(INCIDENTS.RESOLVED_BY, empty(s.resolvedBy()))
              // A state without a type (a run that predates types) keeps the stored one.
              .set(
                  INCIDENTS.INCIDENT_TYPE,
                  DSL.coalesce(DSL.nullif(DSL.val(s.type()), ""), INCIDENTS.INCIDENT_TYPE))
              .set(INCIDENTS.UPDATED_AT, at(clock.instant()))
              .where(INCIDENTS.ID.eq(id))
              .execute();
          List<IncidentEventsRecord> added =
              s.timeline().stream()
                  .filter(e -> e.seq() > stored)
                  .map(
                      e -> {
                        IncidentEventsRecord r = t.newRecord(INCIDENT_EVENTS);
                        r.setIncidentId(id);
                        r.setSeq(e.seq());
                        r.setAt(at(Instant.ofEpochMilli(e.atMillis())));
                        r.setEvent(e.event());
                        r.setActor(e.actor());
                        r.setDetail(e.detail());
                        return r;
                      })
                  .toList();
          if (!added.isEmpty()) {
            t.batchInsert(added).execute();
          }
          s.alerts()
              .forEach(
                  (fingerprint, firing) ->
                      t.insertInto(INCIDENT_ALERTS)
                          .set(INCIDENT_ALERTS.INCIDENT_ID, id)
                          .set(INCIDENT_ALERTS.FINGERPRINT, fingerprint)
                          .set(INCIDENT_ALERTS.STATUS, firing ? "firing" : "resolved")
                          .set(INCIDENT_ALERTS.UPDATED_AT, at(clock.instant()))
                          .onConflict(INCIDENT_ALERTS.INCIDENT_ID, INCIDENT_ALERTS.FINGERPRINT)
                          .doUpdate()
                          .set(INCIDENT_ALERTS.STATUS, firing ? "firing" : "resolved")
                          .set(INCIDENT_ALERTS.UPDATED_AT, at(clock.instant()))
                          .execute());
          return true;
        });
  }

  public void recordClosing(UUID id, long mttaMillis, long mttrMillis, String review) {
    db.update(INCIDENTS)
        .set(INCIDENTS.MTTA_MS, mttaMillis < 0 ? null : mttaMillis)
        .set(INCIDENTS.MTTR_MS, mttrMillis)
        .set(INCIDENTS.REVIEW, review.isEmpty() ? null : review)
        .where(INCIDENTS.ID.eq(id))
        .execute();
  }

  private static Incident incident(IncidentsRecord r) {
    return new Incident(
        r.getId(),
        r.getTitle(),
        r.getSeverity(),
        r.getStatus(),
        r.getService(),
        r.getDescription(),
        r.getDedupKey(),
        r.getSource(),
        r.getEscalationLevel(),
        instant(r.getOpenedAt()),
        instant(r.getAcknowledgedAt()),
        r.getAcknowledgedBy(),
        instant(r.getResolvedAt()),
        r.getResolvedBy(),
        r.getMttaMs(),
        r.getMttrMs(),
        r.getReview(),
        instant(r.getUpdatedAt()),
        r.getIncidentType());
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static OffsetDateTime millis(long millis) {
    return millis == 0 ? null : at(Instant.ofEpochMilli(millis));
  }

  static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
