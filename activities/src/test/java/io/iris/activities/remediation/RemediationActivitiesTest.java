package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.AUTO_REMEDIATION_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.actions.ActionRunner;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** perform: the kill switch, the blast radius, exactly-once application, failures recorded. */
class RemediationActivitiesTest {

  static IsolatedSchema schema;
  static DSLContext db;

  final AtomicBoolean enabled = new AtomicBoolean(true);
  final AtomicInteger applied = new AtomicInteger();
  volatile RuntimeException failWith;
  RemediationActivitiesImpl activities;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("remediation_activities_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void setUp() {
    db.deleteFrom(AUTO_REMEDIATION_LOG).execute();
    Map<String, Integer> limits = new HashMap<>(RemediationSettingsTest.limits());
    limits.put("notify", 2);
    ActionRunner notify =
        new ActionRunner() {
          @Override
          public RemediationAction action() {
            return RemediationAction.NOTIFY;
          }

          @Override
          public java.util.Optional<String> missingScope(
              io.iris.workflows.remediation.AnomalyRef target) {
            return target.provider().isBlank()
                ? java.util.Optional.of(target.kind() + " names no provider")
                : java.util.Optional.empty();
          }

          @Override
          public StepResult apply(StepCommand command) {
            if (failWith != null) {
              throw failWith;
            }
            applied.incrementAndGet();
            return ActionRunner.result(command, StepOutcome.APPLIED, "posted", Map.of());
          }
        };
    activities =
        new RemediationActivitiesImpl(
            new RemediationStore(db),
            null,
            enabled::get,
            RemediationSettingsTest.settings(true, limits, java.time.Duration.ofSeconds(6)),
            List.of(notify),
            Clock.system(ZoneOffset.UTC));
  }

  static StepCommand notifyStep() {
    return RemediationStoreTest.step(
        RemediationStoreTest.runId(), 0, RemediationAction.NOTIFY, Map.of());
  }

  @Test
  void givenAStepPerformedTwice_whenRetried_itShouldApplyOnceAndReturnTheSameResult() {
    StepCommand c = notifyStep();

    StepResult first = activities.perform(c);
    StepResult second = activities.perform(c);

    assertThat(first.outcome()).isEqualTo(StepOutcome.APPLIED);
    assertThat(second).isEqualTo(first);
    assertThat(applied).hasValue(1);
  }

  @Test
  void givenTheKillSwitchOff_whenAStepIsPerformed_itShouldBeSkippedDisabledWithoutActing() {
    enabled.set(false);

    StepResult result = activities.perform(notifyStep());

    assertThat(result.outcome()).isEqualTo(StepOutcome.SKIPPED_DISABLED);
    assertThat(applied).hasValue(0);
    assertThat(db.fetchValue("SELECT outcome FROM auto_remediation_log"))
        .isEqualTo("skipped_disabled");
  }

  @Test
  void givenTheActionsLimitReached_whenAnotherStepIsPerformed_itShouldBeSkippedLimit() {
    activities.perform(notifyStep());
    activities.perform(notifyStep());

    StepResult third = activities.perform(notifyStep());

    assertThat(third.outcome()).isEqualTo(StepOutcome.SKIPPED_LIMIT);
    assertThat(third.detail()).contains("limit 2");
    assertThat(applied).hasValue(2);
  }

  @Test
  void givenAnActionThatThrows_whenPerformed_itShouldRecordFailedWithTheReason() {
    failWith = new IllegalStateException("slack answered 500");

    StepResult result = activities.perform(notifyStep());

    assertThat(result.outcome()).isEqualTo(StepOutcome.FAILED);
    assertThat(result.detail()).isEqualTo("slack answered 500");
    assertThat(db.fetchValue("SELECT outcome FROM auto_remediation_log")).isEqualTo("failed");
  }

  @Test
  void givenATargetLackingWhatTheActionNeeds_whenPerformed_itShouldBeNotApplicableWithoutActing() {
    io.iris.workflows.remediation.AnomalyRef alert =
        io.iris.workflows.remediation.AnomalyRef.ofIncident(
            "alertmanager:DiskFull",
            io.iris.workflows.incident.Severity.HIGH,
            "alertmanager:g",
            "sms",
            "",
            "",
            "",
            1);
    StepCommand base = notifyStep();
    StepCommand c =
        new StepCommand(
            base.remediationId(),
            base.incidentId(),
            base.runbook(),
            base.phase(),
            base.index(),
            base.step(),
            alert,
            null,
            null);

    StepResult result = activities.perform(c);

    assertThat(result.outcome()).isEqualTo(StepOutcome.NOT_APPLICABLE);
    assertThat(result.detail()).isEqualTo("alertmanager:DiskFull names no provider");
    assertThat(applied).hasValue(0);
    assertThat(db.fetchValue("SELECT outcome FROM auto_remediation_log"))
        .isEqualTo("not_applicable");
    assertThat(activities.perform(c)).as("the same answer when retried").isEqualTo(result);
  }
}
