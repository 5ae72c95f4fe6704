package io.iris.workflows.remediation;

import static io.iris.workflows.remediation.AnomalyFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.DetectionOutcome.Tracked;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One detection run against fake activities: what it judges, stores and tells the incidents. */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AnomalyDetectionWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  /** Observes fixed observations; stores by a given function; records every other call. */
  static class Fake implements AnomalyActivities {
    final Observations observations;
    final BiFunction<Long, List<Finding>, DetectionOutcome> store;
    final boolean remediable;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Finding> recorded = new CopyOnWriteArrayList<>();
    volatile long askedAt;

    Fake(
        Observations observations,
        BiFunction<Long, List<Finding>, DetectionOutcome> store,
        boolean remediable) {
      this.observations = observations;
      this.store = store;
      this.remediable = remediable;
    }

    @Override
    public Observations observe(long nowMillis) {
      askedAt = nowMillis;
      Observations o = observations;
      return new Observations(
          nowMillis,
          o.enabled(),
          o.settings(),
          o.providers(),
          o.costs(),
          o.tenants(),
          o.backlogs());
    }

    @Override
    public DetectionOutcome record(long atMillis, List<Finding> findings) {
      calls.add("record " + findings.size());
      recorded.addAll(findings);
      return store.apply(atMillis, findings);
    }

    @Override
    public boolean remediable(AnomalyRef anomaly) {
      calls.add("remediable " + anomaly.dedupKey());
      return remediable;
    }

    @Override
    public String openIncident(AnomalyRef anomaly) {
      calls.add("open " + anomaly.dedupKey());
      return "inc-" + anomaly.anomalyId();
    }

    @Override
    public void attachToIncident(String incidentId, AnomalyRef anomaly) {
      calls.add("attach " + incidentId + " " + anomaly.dedupKey());
    }

    @Override
    public void clearedFromIncident(String incidentId, String anomalyId) {
      calls.add("cleared " + incidentId + " " + anomalyId);
    }
  }

  /** A store that finds every finding new. */
  static DetectionOutcome allNew(long at, List<Finding> findings) {
    return new DetectionOutcome(
        findings.stream()
            .map(f -> new Tracked(f.toRef("a-" + f.type().wireName(), at), ""))
            .toList(),
        List.of(),
        List.of());
  }

  private static DetectionOutcome run(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Fake fake) {
    worker.registerActivitiesImplementations(fake);
    env.start();
    AnomalyDetectionWorkflow wf =
        client.newWorkflowStub(
            AnomalyDetectionWorkflow.class,
            AnomalyDetectionStart.options().toBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return wf.detect();
  }

  @Test
  void givenHealthyFigures_whenDetected_itShouldStoreNoFindingAndTouchNoIncident(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(
            AnomalyFixtures.of(AnomalyFixtures.healthy("twilio"), AnomalyFixtures.healthy("plivo")),
            AnomalyDetectionWorkflowTest::allNew,
            true);

    DetectionOutcome outcome = run(env, client, worker, fake);

    assertThat(outcome.changedNothing()).isTrue();
    assertThat(fake.calls).containsExactly("record 0");
    assertThat(fake.askedAt).isPositive();
    Histories.record(client, AnomalyDetectionWorkflow.SCHEDULE_ID, "anomaly-none");
  }

  @Test
  void givenANewCriticalAnomaly_whenDetected_itShouldOpenItsIncidentWithoutAskingForARunbook(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    // The breaker tripped a second before the run (the test server's time, not the fixture's).
    Fake atRunTime =
        new Fake(AnomalyFixtures.of(), AnomalyDetectionWorkflowTest::allNew, false) {
          @Override
          public Observations observe(long nowMillis) {
            askedAt = nowMillis;
            return AnomalyFixtures.ofAt(
                nowMillis, AnomalyFixtures.failedOver("twilio", "breaker", nowMillis - 1000));
          }
        };

    DetectionOutcome outcome = run(env, client, worker, atRunTime);

    assertThat(outcome.opened()).hasSize(1);
    AnomalyRef opened = outcome.opened().get(0).anomaly();
    assertThat(opened.type()).isEqualTo(AnomalyType.PROVIDER_OUTAGE);
    assertThat(opened.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(opened.detectedAtMillis()).isEqualTo(atRunTime.askedAt);
    assertThat(atRunTime.calls).containsExactly("record 1", "open provider_outage:sms:twilio");
    Histories.record(client, AnomalyDetectionWorkflow.SCHEDULE_ID, "anomaly-incident-opened");
  }

  private static Observations backlogAndCost() {
    return AnomalyFixtures.ofCost(
        new Observations.ChannelCost(
            io.iris.workflows.send.Channel.SMS,
            new java.math.BigDecimal("1"),
            AnomalyFixtures.FIFTEEN_MINUTES,
            java.math.BigDecimal.ONE,
            168));
  }

  @Test
  void givenANewMediumAnomalyARunbookFixes_whenDetected_itShouldOpenAnIncident(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(backlogAndCost(), AnomalyDetectionWorkflowTest::allNew, true);

    run(env, client, worker, fake);

    assertThat(fake.recorded).extracting(Finding::severity).containsExactly(Severity.MEDIUM);
    assertThat(fake.calls)
        .containsExactly("record 1", "remediable cost_spike:sms", "open cost_spike:sms");
    Histories.record(client, AnomalyDetectionWorkflow.SCHEDULE_ID, "anomaly-remediable-opened");
  }

  @Test
  void givenANewMediumAnomalyNoRunbookFixes_whenDetected_itShouldOnlyRecordIt(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(backlogAndCost(), AnomalyDetectionWorkflowTest::allNew, false);

    DetectionOutcome outcome = run(env, client, worker, fake);

    assertThat(outcome.opened()).hasSize(1);
    assertThat(fake.calls).containsExactly("record 1", "remediable cost_spike:sms");
  }

  @Test
  void givenARepeatAndAClearedAnomaly_whenDetected_itShouldAttachTheOneAndSignalTheOther(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    QueueBacklog stalled = new QueueBacklog("iris-send", "activity", true, 45_000, 30);
    AnomalyRef earlier =
        new Finding(
                AnomalyType.NOISY_NEIGHBOR_VOLUME,
                Severity.HIGH,
                "noisy_neighbor_volume:t1",
                "",
                "",
                "t1",
                "",
                10,
                500,
                4900,
                "messages",
                "tenant t1 sent 500 messages",
                null)
            .toRef("a-noisy", NOW - 600_000);
    AnomalyRef orphan =
        new Finding(
                AnomalyType.COST_SPIKE,
                Severity.MEDIUM,
                "cost_spike:email",
                "email",
                "",
                "",
                "",
                1,
                2,
                100,
                "usd_per_hour",
                "",
                null)
            .toRef("a-cost", NOW - 600_000);
    Fake fake =
        new Fake(
            AnomalyFixtures.ofBacklogs(stalled),
            (at, findings) ->
                new DetectionOutcome(
                    List.of(),
                    List.of(new Tracked(findings.get(0).toRef("a-backlog", NOW - 60_000), "inc-1")),
                    List.of(new Tracked(earlier, "inc-2"), new Tracked(orphan, ""))),
            true);

    DetectionOutcome outcome = run(env, client, worker, fake);

    assertThat(outcome.repeated()).hasSize(1);
    assertThat(fake.calls)
        .containsExactly(
            "record 1",
            "attach inc-1 task_queue_backlog:iris-send:activity",
            "cleared inc-2 a-noisy");
    Histories.record(client, AnomalyDetectionWorkflow.SCHEDULE_ID, "anomaly-cleared");
  }

  @Test
  void givenDetectionSwitchedOff_whenRun_itShouldStoreNothing(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Observations on = AnomalyFixtures.of(AnomalyFixtures.failedOver("twilio", "breaker", NOW));
    Observations off =
        new Observations(
            NOW, false, on.settings(), on.providers(), on.costs(), on.tenants(), on.backlogs());
    Fake fake = new Fake(off, AnomalyDetectionWorkflowTest::allNew, true);

    DetectionOutcome outcome = run(env, client, worker, fake);

    assertThat(outcome.changedNothing()).isTrue();
    assertThat(fake.calls).isEmpty();
  }
}
