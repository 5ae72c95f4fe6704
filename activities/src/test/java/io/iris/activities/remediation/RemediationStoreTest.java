package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.AUTO_REMEDIATION_LOG;
import static io.iris.schema.jooq.Tables.BLOCKED_IPS;
import static io.iris.schema.jooq.Tables.PLATFORM_CONTROLS;
import static io.iris.schema.jooq.Tables.REMEDIATION_RUNS;
import static io.iris.schema.jooq.Tables.TENANT_THROTTLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.actions.BlockIpAction;
import io.iris.activities.remediation.actions.ScaleWorkersAction;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RemediationLogEntry;
import io.iris.workflows.remediation.RemediationRecord;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.ScopeMetrics;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import io.iris.workflows.remediation.VerifyCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The remediation rows and the action round trips against the real PostgreSQL. */
class RemediationStoreTest {

  static IsolatedSchema schema;
  static DSLContext db;
  static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

  RemediationStore store;
  Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("remediation_store_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void clean() {
    db.deleteFrom(AUTO_REMEDIATION_LOG).execute();
    db.deleteFrom(REMEDIATION_RUNS).execute();
    db.deleteFrom(TENANT_THROTTLES).execute();
    db.deleteFrom(BLOCKED_IPS).execute();
    db.deleteFrom(PLATFORM_CONTROLS).execute();
    store = new RemediationStore(db);
  }

  static AnomalyRef anomaly(AnomalyType type) {
    return new AnomalyRef(
        UUID.randomUUID().toString(),
        type,
        Severity.HIGH,
        type.wireName() + ":x",
        "sms",
        "twilio",
        "",
        "iris-send",
        98,
        50,
        -49,
        "percent",
        "",
        NOW.toEpochMilli());
  }

  static StepCommand step(
      String runId, int index, RemediationAction action, Map<String, String> params) {
    return new StepCommand(
        runId,
        "",
        "provider-failover",
        "step",
        index,
        new RunbookStep(action, params, 0),
        anomaly(AnomalyType.PROVIDER_OUTAGE),
        null,
        null);
  }

  static String runId() {
    return "remediation-" + UUID.randomUUID() + "-provider-failover";
  }

  @Test
  void givenAStepBegunTwice_whenTheFirstFinished_itShouldReturnTheRecordedResultWithOneRow() {
    StepCommand c = step(runId(), 0, RemediationAction.FAILOVER, Map.of());

    assertThat(store.begin(c, 3, Duration.ofHours(1), 0, NOW))
        .isInstanceOf(RemediationStore.Begin.Started.class);
    assertThat(store.begin(c, 3, Duration.ofHours(1), 0, NOW))
        .isInstanceOf(RemediationStore.Begin.Resumed.class);
    StepResult applied =
        new StepResult(
            RemediationAction.FAILOVER, StepOutcome.APPLIED, "done", Map.of("failoverId", "f"));
    store.finish(c.eventKey(), applied, NOW);
    RemediationStore.Begin again = store.begin(c, 3, Duration.ofHours(1), 0, NOW);

    assertThat(again).isEqualTo(new RemediationStore.Begin.Finished(applied));
    assertThat(db.fetchCount(AUTO_REMEDIATION_LOG)).isEqualTo(1);
  }

  @Test
  void givenALogEntryWrittenTwice_whenRead_itShouldBeThereOnce() {
    String run = runId();
    RemediationLogEntry e =
        new RemediationLogEntry(
            run,
            "",
            "",
            "verify",
            0,
            "verify",
            "",
            "verified",
            "ok",
            null,
            null,
            NOW.toEpochMilli());

    assertThat(store.log(e, NOW)).isTrue();
    assertThat(store.log(e, NOW)).isFalse();

    assertThat(store.log(run))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("verified"));
  }

  @Test
  void givenAnAppliedStep_whenTheRunIsVerified_itShouldCarryTheFiguresBeforeAndAfter() {
    String run = runId();
    StepCommand c = step(run, 0, RemediationAction.FAILOVER, Map.of());
    store.begin(c, 3, Duration.ofHours(1), 0, NOW);
    store.finish(
        c.eventKey(),
        new StepResult(RemediationAction.FAILOVER, StepOutcome.APPLIED, "done", Map.of()),
        NOW);
    ScopeMetrics before =
        new ScopeMetrics(
            VerifyCondition.Scope.CHANNEL, 0, 1, 40, Map.of("delivery_rate_percent", 61.0));
    ScopeMetrics after =
        new ScopeMetrics(
            VerifyCondition.Scope.CHANNEL, 2, 3, 50, Map.of("delivery_rate_percent", 100.0));

    store.log(
        new RemediationLogEntry(
            run,
            "",
            "",
            "verify",
            0,
            "verify",
            "",
            "verified",
            "ok",
            before,
            after,
            NOW.toEpochMilli()),
        NOW);

    var stepRow =
        db.selectFrom(AUTO_REMEDIATION_LOG)
            .where(AUTO_REMEDIATION_LOG.EVENT_KEY.eq(c.eventKey()))
            .fetchOne();
    assertThat(stepRow.getMetricsBefore().data()).contains("61.0");
    assertThat(stepRow.getMetricsAfter().data()).contains("100.0");
  }

  @Test
  void givenTwoRunsRacingForTheLastSlot_whenBothBegin_itShouldLetExactlyOneApply()
      throws Exception {
    for (int i = 0; i < 2; i++) {
      StepCommand earlier = step(runId(), 0, RemediationAction.FAILOVER, Map.of());
      store.begin(earlier, 3, Duration.ofHours(1), 0, NOW.minusSeconds(60));
    }
    List<StepCommand> racing =
        List.of(
            step(runId(), 0, RemediationAction.FAILOVER, Map.of()),
            step(runId(), 0, RemediationAction.FAILOVER, Map.of()));
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<RemediationStore.Begin>> results = new ArrayList<>();
    for (StepCommand c : racing) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return store.begin(c, 3, Duration.ofHours(1), 0, NOW);
              }));
    }
    go.countDown();
    List<RemediationStore.Begin> begun = new ArrayList<>();
    for (Future<RemediationStore.Begin> f : results) {
      begun.add(f.get());
    }
    pool.shutdown();

    assertThat(begun).filteredOn(b -> b instanceof RemediationStore.Begin.Started).hasSize(1);
    assertThat(begun)
        .filteredOn(b -> b instanceof RemediationStore.Begin.Limited)
        .singleElement()
        .satisfies(
            b ->
                assertThat(((RemediationStore.Begin.Limited) b).result().outcome())
                    .isEqualTo(StepOutcome.SKIPPED_LIMIT));
  }

  @Test
  void givenStepsOutsideTheWindow_whenCounting_itShouldNotCountThem() {
    for (int i = 0; i < 3; i++) {
      store.begin(
          step(runId(), 0, RemediationAction.FAILOVER, Map.of()),
          3,
          Duration.ofHours(1),
          0,
          NOW.minus(Duration.ofHours(2)));
    }

    assertThat(
            store.begin(
                step(runId(), 0, RemediationAction.FAILOVER, Map.of()),
                3,
                Duration.ofHours(1),
                0,
                NOW))
        .isInstanceOf(RemediationStore.Begin.Started.class);
  }

  @Test
  void givenARunbooksTighterMaxPerHour_whenReached_itShouldLimitBelowTheConfiguredOne() {
    store.begin(
        step(runId(), 0, RemediationAction.NOTIFY, Map.of()), 60, Duration.ofHours(1), 1, NOW);

    assertThat(
            store.begin(
                step(runId(), 0, RemediationAction.NOTIFY, Map.of()),
                60,
                Duration.ofHours(1),
                1,
                NOW))
        .isInstanceOf(RemediationStore.Begin.Limited.class);
  }

  @Test
  void givenARunUpsertedThroughItsTransitions_whenRead_itShouldKeepTheMetricsAndTheFinalStatus() {
    String run = runId();
    ScopeMetrics before =
        new ScopeMetrics(
            VerifyCondition.Scope.CHANNEL, 1, 2, 40, Map.of("delivery_rate_percent", 50.0));
    store.upsertRun(record(run, RemediationStatus.RUNNING, before, null, 0), NOW);
    ScopeMetrics after =
        new ScopeMetrics(
            VerifyCondition.Scope.CHANNEL, 3, 4, 40, Map.of("delivery_rate_percent", 99.0));
    store.upsertRun(record(run, RemediationStatus.SUCCEEDED, null, after, NOW.toEpochMilli()), NOW);

    RemediationStore.RunRow row = store.run(run).orElseThrow();
    assertThat(row.status()).isEqualTo("succeeded");
    assertThat(row.metricsBefore()).isEqualTo(before);
    assertThat(row.metricsAfter()).isEqualTo(after);
    assertThat(row.finishedAt()).isEqualTo(NOW);
    assertThat(store.runs(Optional.of(RemediationStatus.SUCCEEDED), Optional.empty(), 10))
        .extracting(RemediationStore.RunRow::id)
        .containsExactly(run);
  }

  static RemediationRecord record(
      String run,
      RemediationStatus status,
      ScopeMetrics before,
      ScopeMetrics after,
      long finished) {
    return new RemediationRecord(
        run,
        "",
        "",
        "provider-failover",
        "abc",
        status,
        "",
        before,
        after,
        "",
        "",
        "",
        NOW.toEpochMilli(),
        finished);
  }

  // Action round trips: apply, then undo removes only the action's own rows.

  @Test
  void givenABlockedAddress_whenUndone_itShouldRemoveOnlyItsOwnRow() {
    PlatformControls controls =
        new PlatformControls(db, RemediationSettingsTest.settings(true), clock);
    TenantThrottles blocks = new TenantThrottles(db, clock, controls);
    BlockIpAction action = new BlockIpAction(blocks, RemediationSettingsTest.settings(true), clock);
    blocks.block("203.0.113.9", "by hand", "api", NOW.plus(Duration.ofHours(1)));
    StepCommand c = step(runId(), 0, RemediationAction.BLOCK_IP, Map.of("ip", "198.51.100.7"));

    StepResult applied = action.apply(c);

    assertThat(applied.outcome()).isEqualTo(StepOutcome.APPLIED);
    assertThat(blocks.block("198.51.100.7")).isPresent();
    StepResult undone = action.undo(undo(c, applied));
    assertThat(undone.outcome()).isEqualTo(StepOutcome.ROLLED_BACK);
    assertThat(blocks.block("198.51.100.7")).isEmpty();
    assertThat(blocks.block("203.0.113.9")).isPresent();
    assertThat(action.undo(undo(c, applied)).outcome()).isEqualTo(StepOutcome.NOTHING_TO_UNDO);
  }

  @Test
  void givenAnAddressOnTheNeverBlockList_whenBlocked_itShouldRefuseAndWriteNothing() {
    PlatformControls controls =
        new PlatformControls(db, RemediationSettingsTest.settings(true), clock);
    TenantThrottles blocks = new TenantThrottles(db, clock, controls);
    BlockIpAction action = new BlockIpAction(blocks, RemediationSettingsTest.settings(true), clock);

    StepResult result =
        action.apply(step(runId(), 0, RemediationAction.BLOCK_IP, Map.of("ip", "0:0:0:0:0:0:0:1")));

    assertThat(result.outcome()).isEqualTo(StepOutcome.FAILED);
    assertThat(db.fetchCount(BLOCKED_IPS)).isZero();
  }

  @Test
  void givenAScaledQueue_whenUndone_itShouldRestoreThePreviousSlots() {
    PlatformControls controls =
        new PlatformControls(db, RemediationSettingsTest.settings(true), clock);
    ScaleWorkersAction action =
        new ScaleWorkersAction(controls, RemediationSettingsTest.settings(true), 200);
    StepCommand c = step(runId(), 0, RemediationAction.SCALE_WORKERS, Map.of("factor", "2"));

    StepResult applied = action.apply(c);

    assertThat(controls.longValue(PlatformControls.activitySlots("iris-send"), 0)).isEqualTo(400);
    action.undo(undo(c, applied));
    assertThat(controls.longValue(PlatformControls.activitySlots("iris-send"), 0)).isEqualTo(200);
  }

  @Test
  void givenTwoRestarts_whenApplied_itShouldBumpTheQueuesRestartGenerationEachTime() {
    PlatformControls controls =
        new PlatformControls(db, RemediationSettingsTest.settings(true), clock);
    io.iris.activities.remediation.actions.RestartWorkerAction action =
        new io.iris.activities.remediation.actions.RestartWorkerAction(
            controls,
            new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(TaskQueueBacklog.class));

    StepResult first = action.apply(step(runId(), 0, RemediationAction.RESTART_WORKER, Map.of()));
    action.apply(step(runId(), 0, RemediationAction.RESTART_WORKER, Map.of()));

    assertThat(first.outcome()).isEqualTo(StepOutcome.APPLIED);
    assertThat(controls.longValue(PlatformControls.restart("iris-send"), 0)).isEqualTo(2);
    assertThat(
            action
                .undo(undo(step(runId(), 0, RemediationAction.RESTART_WORKER, Map.of()), first))
                .outcome())
        .isEqualTo(StepOutcome.NOTHING_TO_UNDO);
  }

  static StepCommand undo(StepCommand c, StepResult applied) {
    return new StepCommand(
        c.remediationId(),
        c.incidentId(),
        c.runbook(),
        "rollback",
        c.index(),
        c.step(),
        c.target(),
        applied,
        null);
  }
}
