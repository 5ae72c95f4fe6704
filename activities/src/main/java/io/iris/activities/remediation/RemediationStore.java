package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.AUTO_REMEDIATION_LOG;
import static io.iris.schema.jooq.Tables.REMEDIATION_RUNS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.schema.jooq.tables.records.AutoRemediationLogRecord;
import io.iris.schema.jooq.tables.records.RemediationRunsRecord;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RemediationLogEntry;
import io.iris.workflows.remediation.RemediationRecord;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.ScopeMetrics;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * {@code remediation_runs} and {@code auto_remediation_log}: each run's row (an idempotent upsert
 * per transition) and every action, approval and verification, written once per event key however
 * often an activity is retried. The blast-radius limit is counted from the log, under an advisory
 * lock per action, in the same transaction as the insert of the step's {@code running} row, so two
 * remediations racing for the last slot cannot both take it.
 */
@Repository
public class RemediationStore {

  /** The actor of the platform's own actions. */
  public static final String SYSTEM_ACTOR = "system:remediation";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COUNTED = List.of(StepOutcome.APPLIED.wireName(), "running");

  /** A log row as stored. */
  public record LogRow(
      String eventKey,
      String remediationId,
      String phase,
      int stepIndex,
      String action,
      String actor,
      String outcome,
      String detail,
      Map<String, String> undo,
      Instant executedAt,
      Instant completedAt) {

    /** Whether the row is final (anything but {@code running}). */
    public boolean done() {
      return !"running".equals(outcome);
    }

    /** The row as the step's result (a final row). */
    public StepResult result() {
      RemediationAction a = RemediationAction.fromWire(action).orElse(RemediationAction.NOTIFY);
      StepOutcome o =
          java.util.Arrays.stream(StepOutcome.values())
              .filter(v -> v.wireName().equals(outcome))
              .findFirst()
              .orElse(StepOutcome.FAILED);
      return new StepResult(a, o, detail, undo);
    }
  }

  /** A run's row as stored. */
  public record RunRow(
      String id,
      UUID incidentId,
      UUID anomalyId,
      String runbook,
      String runbookSha256,
      String status,
      String detail,
      ScopeMetrics metricsBefore,
      ScopeMetrics metricsAfter,
      String approvalDecision,
      String approvalBy,
      String approvalNote,
      Instant startedAt,
      Instant finishedAt) {}

  /** What {@link #begin} found. */
  public sealed interface Begin {
    /** A new {@code running} row: apply the action. */
    record Started() implements Begin {}

    /** The row exists and is final: its result, without acting again. */
    record Finished(StepResult result) implements Begin {}

    /** The row exists and still runs (a retry of an attempt that died): apply again. */
    record Resumed(LogRow row) implements Begin {}

    /** Over the limit: a final {@code skipped_limit} row was written. */
    record Limited(StepResult result) implements Begin {}
  }

  private final DSLContext db;

  public RemediationStore(DSLContext db) {
    this.db = db;
  }

  /** Upserts the run's row (a later write of the same transition changes nothing). */
  public void upsertRun(RemediationRecord r, Instant now) {
    OffsetDateTime started =
        at(r.startedAtMillis() > 0 ? Instant.ofEpochMilli(r.startedAtMillis()) : now);
    OffsetDateTime finished =
        r.finishedAtMillis() > 0 ? at(Instant.ofEpochMilli(r.finishedAtMillis())) : null;
    UUID incident = uuid(r.incidentId());
    UUID anomaly = uuid(r.anomalyId());
    String status = r.status() == null ? "running" : r.status().wireName();
    var insert =
        db.insertInto(REMEDIATION_RUNS)
            .set(REMEDIATION_RUNS.ID, r.remediationId())
            .set(REMEDIATION_RUNS.INCIDENT_ID, incident)
            .set(REMEDIATION_RUNS.ANOMALY_ID, anomaly)
            .set(REMEDIATION_RUNS.RUNBOOK, r.runbook())
            .set(REMEDIATION_RUNS.RUNBOOK_SHA256, nz(r.runbookSha256()))
            .set(REMEDIATION_RUNS.STATUS, status)
            .set(REMEDIATION_RUNS.DETAIL, nz(r.detail()))
            .set(REMEDIATION_RUNS.METRICS_BEFORE, json(r.metricsBefore()))
            .set(REMEDIATION_RUNS.METRICS_AFTER, json(r.metricsAfter()))
            .set(REMEDIATION_RUNS.APPROVAL_DECISION, blankToNull(r.approvalDecision()))
            .set(REMEDIATION_RUNS.APPROVAL_BY, blankToNull(r.approvalBy()))
            .set(REMEDIATION_RUNS.APPROVAL_NOTE, blankToNull(r.approvalNote()))
            .set(REMEDIATION_RUNS.STARTED_AT, started)
            .set(REMEDIATION_RUNS.FINISHED_AT, finished)
            .set(REMEDIATION_RUNS.UPDATED_AT, at(now))
            .onConflict(REMEDIATION_RUNS.ID)
            .doUpdate()
            .set(REMEDIATION_RUNS.STATUS, status)
            .set(REMEDIATION_RUNS.DETAIL, nz(r.detail()))
            .set(REMEDIATION_RUNS.UPDATED_AT, at(now))
            .set(REMEDIATION_RUNS.FINISHED_AT, finished);
    if (r.runbookSha256() != null && !r.runbookSha256().isBlank()) {
      insert = insert.set(REMEDIATION_RUNS.RUNBOOK_SHA256, r.runbookSha256());
    }
    if (incident != null) {
      insert = insert.set(REMEDIATION_RUNS.INCIDENT_ID, incident);
    }
    if (anomaly != null) {
      insert = insert.set(REMEDIATION_RUNS.ANOMALY_ID, anomaly);
    }
    if (r.metricsBefore() != null) {
      insert = insert.set(REMEDIATION_RUNS.METRICS_BEFORE, json(r.metricsBefore()));
    }
    if (r.metricsAfter() != null) {
      insert = insert.set(REMEDIATION_RUNS.METRICS_AFTER, json(r.metricsAfter()));
    }
    if (r.approvalDecision() != null && !r.approvalDecision().isBlank()) {
      insert =
          insert
              .set(REMEDIATION_RUNS.APPROVAL_DECISION, r.approvalDecision())
              .set(REMEDIATION_RUNS.APPROVAL_BY, blankToNull(r.approvalBy()))
              .set(REMEDIATION_RUNS.APPROVAL_NOTE, blankToNull(r.approvalNote()));
    }
    insert.execute();
  }

  /**
   * Writes an approval or verification row once per event key.
   *
   * @return whether this call wrote it
   */
  public boolean log(RemediationLogEntry e, Instant now) {
    ensureRun(e.remediationId(), e.incidentId(), "", now);
    boolean wrote = insertLog(e, now);
    if ("verify".equals(e.phase())) {
      // Every action's row carries the figures before the remediation and after it, as verified.
      db.update(AUTO_REMEDIATION_LOG)
          .set(AUTO_REMEDIATION_LOG.METRICS_BEFORE, json(e.metricsBefore()))
          .set(AUTO_REMEDIATION_LOG.METRICS_AFTER, json(e.metricsAfter()))
          .where(AUTO_REMEDIATION_LOG.REMEDIATION_ID.eq(e.remediationId()))
          .and(AUTO_REMEDIATION_LOG.PHASE.eq("step"))
          .and(AUTO_REMEDIATION_LOG.METRICS_AFTER.isNull())
          .execute();
    }
    return wrote;
  }

  private boolean insertLog(RemediationLogEntry e, Instant now) {
    Instant at = e.atMillis() > 0 ? Instant.ofEpochMilli(e.atMillis()) : now;
    return db.insertInto(AUTO_REMEDIATION_LOG)
            .set(AUTO_REMEDIATION_LOG.ID, UUID.randomUUID())
            .set(AUTO_REMEDIATION_LOG.EVENT_KEY, e.eventKey())
            .set(AUTO_REMEDIATION_LOG.REMEDIATION_ID, e.remediationId())
            .set(AUTO_REMEDIATION_LOG.INCIDENT_ID, uuid(e.incidentId()))
            .set(AUTO_REMEDIATION_LOG.ANOMALY_EVENT_ID, uuid(e.anomalyId()))
            .set(AUTO_REMEDIATION_LOG.PHASE, e.phase())
            .set(AUTO_REMEDIATION_LOG.STEP_INDEX, e.index())
            .set(AUTO_REMEDIATION_LOG.ACTION_TYPE, e.action())
            .set(AUTO_REMEDIATION_LOG.ACTOR, nz(e.actor()).isBlank() ? SYSTEM_ACTOR : e.actor())
            .set(AUTO_REMEDIATION_LOG.OUTCOME, e.outcome())
            .set(
                AUTO_REMEDIATION_LOG.SUCCESS,
                switch (e.outcome()) {
                  case "approved", "verified" -> true;
                  case "rejected", "timed_out", "not_verified", "unproven" -> false;
                  default -> null;
                })
            .set(AUTO_REMEDIATION_LOG.DETAIL, nz(e.detail()))
            .set(AUTO_REMEDIATION_LOG.METRICS_BEFORE, json(e.metricsBefore()))
            .set(AUTO_REMEDIATION_LOG.METRICS_AFTER, json(e.metricsAfter()))
            .set(AUTO_REMEDIATION_LOG.EXECUTED_AT, at(at))
            .set(AUTO_REMEDIATION_LOG.COMPLETED_AT, at(at))
            .onConflict(AUTO_REMEDIATION_LOG.EVENT_KEY)
            .doNothing()
            .execute()
        == 1;
  }

  /**
   * Begins a step (or a rollback): finds its row by event key, or — under the action's advisory
   * lock — counts the action's applied and running steps within the window(s) and, below the limit,
   * inserts the {@code running} row; at the limit it writes a final {@code skipped_limit} row
   * instead.
   *
   * @param limit the action's limit within {@code window}
   * @param maxPerHour a tighter limit within an hour; 0 for none
   */
  public Begin begin(StepCommand command, int limit, Duration window, int maxPerHour, Instant now) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          Optional<LogRow> existing = row(t, command.eventKey());
          if (existing.isPresent()) {
            return existing.get().done()
                ? new Begin.Finished(existing.get().result())
                : new Begin.Resumed(existing.get());
          }
          ensureRun(t, command.remediationId(), command.incidentId(), command.runbook(), now);
          String action = command.step().action().wireName();
          if ("step".equals(command.phase())) {
            t.fetch("SELECT pg_advisory_xact_lock(hashtext(?))", "remediation:" + action);
            // Re-read under the lock: a racing attempt of the same step may have written it.
            existing = row(t, command.eventKey());
            if (existing.isPresent()) {
              return existing.get().done()
                  ? new Begin.Finished(existing.get().result())
                  : new Begin.Resumed(existing.get());
            }
            int inWindow = count(t, action, now.minus(window));
            String over = null;
            if (inWindow >= limit) {
              over =
                  inWindow + " " + action + " step(s) within " + window + " (limit " + limit + ")";
            } else if (maxPerHour > 0) {
              int inHour = count(t, action, now.minus(Duration.ofHours(1)));
              if (inHour >= maxPerHour) {
                over =
                    inHour
                        + " "
                        + action
                        + " step(s) within the hour (the runbook's maxPerHour "
                        + maxPerHour
                        + ")";
              }
            }
            if (over != null) {
              StepResult skipped =
                  new StepResult(
                      command.step().action(),
                      StepOutcome.SKIPPED_LIMIT,
                      "blast-radius limit reached: " + over,
                      Map.of());
              insert(t, command, skipped.outcome().wireName(), skipped.detail(), now, true);
              return new Begin.Limited(skipped);
            }
          }
          insert(t, command, "running", "", now, false);
          return new Begin.Started();
        });
  }

  /** Writes a final row for a step that is not applied at all (e.g. {@code skipped_disabled}). */
  public StepResult skip(StepCommand command, StepResult result, Instant now) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          Optional<LogRow> existing = row(t, command.eventKey());
          if (existing.isPresent() && existing.get().done()) {
            return existing.get().result();
          }
          ensureRun(t, command.remediationId(), command.incidentId(), command.runbook(), now);
          if (existing.isEmpty()) {
            insert(t, command, result.outcome().wireName(), result.detail(), now, true);
          } else {
            finish(t, command.eventKey(), result, now);
          }
          return result;
        });
  }

  /** Records the outcome of a running step. */
  public void finish(String eventKey, StepResult result, Instant now) {
    finish(db, eventKey, result, now);
  }

  private static void finish(DSLContext t, String eventKey, StepResult result, Instant now) {
    t.update(AUTO_REMEDIATION_LOG)
        .set(AUTO_REMEDIATION_LOG.OUTCOME, result.outcome().wireName())
        .set(
            AUTO_REMEDIATION_LOG.SUCCESS,
            result.outcome().proceeds()
                || result.outcome() == StepOutcome.ROLLED_BACK
                || result.outcome() == StepOutcome.NOTHING_TO_UNDO)
        .set(AUTO_REMEDIATION_LOG.DETAIL, result.detail())
        .set(AUTO_REMEDIATION_LOG.UNDO, result.undo().isEmpty() ? null : json(result.undo()))
        .set(AUTO_REMEDIATION_LOG.COMPLETED_AT, at(now))
        .where(AUTO_REMEDIATION_LOG.EVENT_KEY.eq(eventKey))
        .and(AUTO_REMEDIATION_LOG.OUTCOME.eq("running"))
        .execute();
  }

  private static int count(DSLContext t, String action, Instant since) {
    return t.fetchCount(
        AUTO_REMEDIATION_LOG,
        AUTO_REMEDIATION_LOG
            .PHASE
            .eq("step")
            .and(AUTO_REMEDIATION_LOG.ACTION_TYPE.eq(action))
            .and(AUTO_REMEDIATION_LOG.OUTCOME.in(COUNTED))
            .and(AUTO_REMEDIATION_LOG.EXECUTED_AT.ge(at(since))));
  }

  private static void insert(
      DSLContext t, StepCommand c, String outcome, String detail, Instant now, boolean done) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("runbook", nz(c.runbook()));
    details.put("params", c.step().params());
    if (c.step().maxPerHour() > 0) {
      details.put("maxPerHour", c.step().maxPerHour());
    }
    details.put(
        "target",
        Map.of(
            "anomalyType", c.target().kind(),
            "channel", c.target().channel(),
            "provider", c.target().provider(),
            "tenantId", c.target().tenantId(),
            "taskQueue", c.target().taskQueue()));
    if (c.undoOf() != null) {
      details.put("undoOf", c.undoOf().undo());
    }
    t.insertInto(AUTO_REMEDIATION_LOG)
        .set(AUTO_REMEDIATION_LOG.ID, UUID.randomUUID())
        .set(AUTO_REMEDIATION_LOG.EVENT_KEY, c.eventKey())
        .set(AUTO_REMEDIATION_LOG.REMEDIATION_ID, c.remediationId())
        .set(AUTO_REMEDIATION_LOG.INCIDENT_ID, uuid(c.incidentId()))
        .set(AUTO_REMEDIATION_LOG.ANOMALY_EVENT_ID, uuid(c.target().anomalyId()))
        .set(AUTO_REMEDIATION_LOG.PHASE, c.phase())
        .set(AUTO_REMEDIATION_LOG.STEP_INDEX, c.index())
        .set(AUTO_REMEDIATION_LOG.ACTION_TYPE, c.step().action().wireName())
        .set(AUTO_REMEDIATION_LOG.ACTION_DETAILS, json(details))
        .set(AUTO_REMEDIATION_LOG.ACTOR, SYSTEM_ACTOR)
        .set(AUTO_REMEDIATION_LOG.OUTCOME, outcome)
        .set(AUTO_REMEDIATION_LOG.SUCCESS, done ? Boolean.FALSE : null)
        .set(AUTO_REMEDIATION_LOG.DETAIL, detail)
        .set(AUTO_REMEDIATION_LOG.EXECUTED_AT, at(now))
        .set(AUTO_REMEDIATION_LOG.COMPLETED_AT, done ? at(now) : null)
        .execute();
  }

  private void ensureRun(String id, String incidentId, String runbook, Instant now) {
    ensureRun(db, id, incidentId, runbook, now);
  }

  /** The log's rows reference their run: a step before the run's first write makes a stub row. */
  private static void ensureRun(
      DSLContext t, String id, String incidentId, String runbook, Instant now) {
    String name = runbook == null || runbook.isBlank() ? runbookOf(id) : runbook;
    t.insertInto(REMEDIATION_RUNS)
        .set(REMEDIATION_RUNS.ID, id)
        .set(REMEDIATION_RUNS.INCIDENT_ID, uuid(incidentId))
        .set(REMEDIATION_RUNS.RUNBOOK, name.length() > 40 ? name.substring(0, 40) : name)
        .set(REMEDIATION_RUNS.STATUS, "running")
        .set(REMEDIATION_RUNS.STARTED_AT, at(now))
        .set(REMEDIATION_RUNS.UPDATED_AT, at(now))
        .onConflict(REMEDIATION_RUNS.ID)
        .doNothing()
        .execute();
  }

  /** The runbook part of {@code remediation-{uuid}-{runbook}}. */
  static String runbookOf(String id) {
    if (id.startsWith("remediation-") && id.length() > "remediation-".length() + 37) {
      return id.substring("remediation-".length() + 37);
    }
    return id;
  }

  private static Optional<LogRow> row(DSLContext t, String eventKey) {
    return t.selectFrom(AUTO_REMEDIATION_LOG)
        .where(AUTO_REMEDIATION_LOG.EVENT_KEY.eq(eventKey))
        .fetchOptional()
        .map(RemediationStore::logRow);
  }

  // Reads for the API.

  /** One run. */
  public Optional<RunRow> run(String id) {
    return db.selectFrom(REMEDIATION_RUNS)
        .where(REMEDIATION_RUNS.ID.eq(id))
        .fetchOptional()
        .map(RemediationStore::runRow);
  }

  /** Runs, newest first, filtered by status and incident when given. */
  public List<RunRow> runs(Optional<RemediationStatus> status, Optional<UUID> incident, int limit) {
    Condition where = DSL.trueCondition();
    if (status.isPresent()) {
      where = where.and(REMEDIATION_RUNS.STATUS.eq(status.get().wireName()));
    }
    if (incident.isPresent()) {
      where = where.and(REMEDIATION_RUNS.INCIDENT_ID.eq(incident.get()));
    }
    return db.selectFrom(REMEDIATION_RUNS)
        .where(where)
        .orderBy(REMEDIATION_RUNS.STARTED_AT.desc(), REMEDIATION_RUNS.ID)
        .limit(limit)
        .fetch(RemediationStore::runRow);
  }

  /** An incident's runs, in the order they started. */
  public List<RunRow> runsOfIncident(UUID incidentId) {
    return db.selectFrom(REMEDIATION_RUNS)
        .where(REMEDIATION_RUNS.INCIDENT_ID.eq(incidentId))
        .orderBy(REMEDIATION_RUNS.STARTED_AT, REMEDIATION_RUNS.ID)
        .fetch(RemediationStore::runRow);
  }

  /** The runs' log rows in the order they happened. */
  public Map<String, List<LogRow>> logs(List<String> remediationIds) {
    Map<String, List<LogRow>> out = new LinkedHashMap<>();
    remediationIds.forEach(id -> out.put(id, new java.util.ArrayList<>()));
    if (remediationIds.isEmpty()) {
      return out;
    }
    db.selectFrom(AUTO_REMEDIATION_LOG)
        .where(AUTO_REMEDIATION_LOG.REMEDIATION_ID.in(remediationIds))
        .orderBy(
            AUTO_REMEDIATION_LOG.EXECUTED_AT,
            AUTO_REMEDIATION_LOG.STEP_INDEX,
            AUTO_REMEDIATION_LOG.EVENT_KEY)
        .fetch(RemediationStore::logRow)
        .forEach(r -> out.get(r.remediationId()).add(r));
    return out;
  }

  /** One run's log rows. */
  public List<LogRow> log(String remediationId) {
    return logs(List.of(remediationId)).get(remediationId);
  }

  private static LogRow logRow(AutoRemediationLogRecord r) {
    return new LogRow(
        r.getEventKey(),
        r.getRemediationId(),
        r.getPhase(),
        r.getStepIndex(),
        r.getActionType(),
        r.getActor(),
        r.getOutcome(),
        r.getDetail(),
        r.getUndo() == null ? Map.of() : fromJson(r.getUndo(), new TypeReference<>() {}),
        r.getExecutedAt().toInstant(),
        r.getCompletedAt() == null ? null : r.getCompletedAt().toInstant());
  }

  private static RunRow runRow(RemediationRunsRecord r) {
    return new RunRow(
        r.getId(),
        r.getIncidentId(),
        r.getAnomalyId(),
        r.getRunbook(),
        r.getRunbookSha256(),
        r.getStatus(),
        r.getDetail(),
        r.getMetricsBefore() == null
            ? null
            : fromJson(r.getMetricsBefore(), new TypeReference<>() {}),
        r.getMetricsAfter() == null
            ? null
            : fromJson(r.getMetricsAfter(), new TypeReference<>() {}),
        r.getApprovalDecision(),
        r.getApprovalBy(),
        r.getApprovalNote(),
        r.getStartedAt().toInstant(),
        r.getFinishedAt() == null ? null : r.getFinishedAt().toInstant());
  }

  static JSONB json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSONB.valueOf(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + value, e);
    }
  }

  private static <T> T fromJson(JSONB json, TypeReference<T> type) {
    try {
      return JSON.readValue(json.data(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON in the remediation tables: " + json, e);
    }
  }

  static UUID uuid(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
