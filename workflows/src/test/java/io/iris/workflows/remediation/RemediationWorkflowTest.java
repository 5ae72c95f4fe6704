package io.iris.workflows.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.incident.SlackMessageRef;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One runbook against fake activities (implemented at their interfaces), with time skipping: the
 * order of the work, what each ending undoes and records, and the durable approval timer.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemediationWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = extension();

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder b = TestWorkflowExtension.newBuilder();
    SearchAttributes.ALL.forEach(
        key ->
            b.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return b.registerWorkflowImplementationTypes(
            TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
        .setDoNotStart(true)
        .build();
  }

  static volatile LongSupplier clock;

  static final RemediationPolicy POLICY =
      new RemediationPolicy(Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofMinutes(15));

  /** The remediation's activities: what each call was, at what (skipped) time. */
  static final class Activities implements RemediationActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Long> at = new CopyOnWriteArrayList<>();
    final List<RemediationRecord> runs = new CopyOnWriteArrayList<>();
    final List<RemediationLogEntry> logs = new CopyOnWriteArrayList<>();

    /** Outcomes by step index; APPLIED for any other. */
    final Map<Integer, StepOutcome> outcomes = new ConcurrentHashMap<>();

    volatile ScopeMetrics fresh = metrics(120, 99.5);

    private void call(String what) {
      calls.add(what);
      at.add(clock.getAsLong());
    }

    long timeOf(String what) {
      return at.get(calls.indexOf(what));
    }

    @Override
    public ScopeMetrics measure(AnomalyRef target, VerifyCondition.Scope scope) {
      call("measure " + scope.name().toLowerCase());
      return metrics(400, 40.0);
    }

    @Override
    public MetricsMark mark(AnomalyRef target, VerifyCondition.Scope scope) {
      call("mark");
      return new MetricsMark(scope, clock.getAsLong(), "{}");
    }

    @Override
    public ScopeMetrics measureSince(AnomalyRef target, MetricsMark mark) {
      call("measureSince");
      return fresh;
    }

    @Override
    public StepResult perform(StepCommand command) {
      call("perform " + command.index() + " " + command.step().action().wireName());
      StepOutcome outcome = outcomes.getOrDefault(command.index(), StepOutcome.APPLIED);
      return new StepResult(
          command.step().action(),
          outcome,
          "did " + command.step().action().wireName(),
          outcome == StepOutcome.APPLIED ? Map.of("step", String.valueOf(command.index())) : null);
    }

    @Override
    public StepResult undo(StepCommand command) {
      call(
          "undo " + command.undoOf().undo().get("step") + " " + command.step().action().wireName());
      return new StepResult(command.step().action(), StepOutcome.ROLLED_BACK, "undone", null);
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public void recordRun(RemediationRecord record) {
      runs.add(record);
    }

    @Override
    public void recordLog(RemediationLogEntry entry) {
      logs.add(entry);
    }

    RemediationRecord lastRun() {
      return runs.get(runs.size() - 1);
    }

    List<String> work() {
      return List.copyOf(calls);
    }
  }

  static final class Slack implements SlackRemediationActivities {
    final List<ApprovalRequest> posted = new CopyOnWriteArrayList<>();
    final List<String> answers = new CopyOnWriteArrayList<>();
    final List<Long> postedAt = new CopyOnWriteArrayList<>();

    @Override
    public SlackMessageRef postApproval(ApprovalRequest request) {
      posted.add(request);
      postedAt.add(clock.getAsLong());
      return new SlackMessageRef("C1", "1700000000.000200");
    }

    @Override
    public void updateApproval(SlackMessageRef message, ApprovalRequest request, String outcome) {
      answers.add(outcome);
    }
  }

  static ScopeMetrics metrics(long samples, double rate) {
    return new ScopeMetrics(
        VerifyCondition.Scope.CHANNEL, 0, 0, samples, Map.of("delivery_rate_percent", rate));
  }

  static final AnomalyRef ANOMALY =
      new AnomalyRef(
          "0b7c3c1e-0000-4000-8000-000000000001",
          AnomalyType.PROVIDER_OUTAGE,
          Severity.CRITICAL,
          "provider_outage:sms:twilio",
          "sms",
          "twilio",
          "",
          "",
          98.0,
          40.0,
          -59.2,
          "percent",
          "40% delivered over 150 attempts",
          1_700_000_000_000L);

  static VerifyCondition verify(boolean allowUnproven) {
    return new VerifyCondition(
        VerifyCondition.Scope.CHANNEL,
        20,
        allowUnproven,
        List.of(
            new VerifyCondition.Expression(
                VerifyCondition.Metric.DELIVERY_RATE_PERCENT,
                VerifyCondition.Comparison.GE,
                98,
                false)),
        List.of());
  }

  static Runbook runbook(
      boolean requiresApproval,
      List<RemediationAction> actions,
      List<RunbookStep> rollback,
      boolean allowUnproven) {
    List<RunbookStep> steps = new ArrayList<>();
    for (RemediationAction a : actions) {
      steps.add(new RunbookStep(a, Map.of(), 0));
    }
    return new Runbook(
        "provider-failover",
        "Move a failing provider's traffic to the next provider.",
        new Runbook.Trigger(List.of("provider_outage"), Severity.HIGH, List.of("sms")),
        10,
        requiresApproval,
        steps,
        null,
        verify(allowUnproven),
        rollback,
        "runbooks/provider-failover.yaml",
        "abc123");
  }

  Activities activities;
  Slack slack;
  long startedAt;

  @BeforeEach
  void fakes(TestWorkflowEnvironment env) {
    clock = env::currentTimeMillis;
    activities = new Activities();
    slack = new Slack();
  }

  RemediationWorkflow start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Runbook runbook) {
    worker.registerActivitiesImplementations(activities, slack);
    env.start();
    String incidentId = UUID.randomUUID().toString();
    String id = RemediationWorkflow.workflowId(incidentId, runbook.name());
    RemediationWorkflow wf =
        client.newWorkflowStub(
            RemediationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowIdReusePolicy(RemediationStart.ID_REUSE)
                .build());
    startedAt = env.currentTimeMillis();
    WorkflowClient.start(
        wf::run,
        new RemediationInput(
            id, incidentId, ANOMALY, runbook, POLICY, new SlackMessageRef("C1", "1700.1")));
    return wf;
  }

  static RemediationResult result(RemediationWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getResult(RemediationResult.class);
  }

  static String id(RemediationWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getExecution().getWorkflowId();
  }

  @Test
  void givenARunbookWithItsOwnSettle_itShouldMarkOnlyOnceThatHasPassed(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Runbook base = runbook(false, List.of(RemediationAction.FAILOVER), null, false);
    Runbook slow =
        new Runbook(
            base.name(),
            base.description(),
            base.trigger(),
            base.order(),
            base.requiresApproval(),
            base.steps(),
            base.stabilizationWait(),
            base.verify(),
            base.rollback(),
            base.source(),
            base.sha256(),
            Duration.ofSeconds(20));

    RemediationWorkflow wf = start(env, client, worker, slow);

    assertThat(result(wf).status()).isEqualTo(RemediationStatus.SUCCEEDED);
    assertThat(activities.timeOf("mark") - activities.timeOf("perform 0 failover"))
        .as("the runbook's 20s, not the configured 6s")
        .isBetween(20_000L, 21_000L);
    assertThat(activities.timeOf("measureSince") - activities.timeOf("mark"))
        .isBetween(30_000L, 31_000L);
  }

  @Test
  void givenAFailoverRunbook_whenTheFreshMetricsHold_itShouldRunInOrderAndSucceed(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    RemediationWorkflow wf =
        start(
            env, client, worker, runbook(false, List.of(RemediationAction.FAILOVER), null, false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.SUCCEEDED);
    assertThat(end.detail()).contains("delivery_rate_percent 99.5 >= 98").contains("120 samples");
    assertThat(activities.work())
        .containsExactly("measure channel", "perform 0 failover", "mark", "measureSince");
    // settle (6s) after the step, then the stabilization wait (30s) before the fresh figures.
    assertThat(activities.timeOf("mark") - activities.timeOf("perform 0 failover"))
        .isBetween(6_000L, 7_000L);
    assertThat(activities.timeOf("measureSince") - activities.timeOf("mark"))
        .isBetween(30_000L, 31_000L);
    assertThat(activities.runs)
        .extracting(RemediationRecord::status)
        .startsWith(RemediationStatus.RUNNING)
        .endsWith(RemediationStatus.SUCCEEDED);
    RemediationRecord last = activities.lastRun();
    assertThat(last.metricsBefore().values()).containsEntry("delivery_rate_percent", 40.0);
    assertThat(last.metricsAfter().values()).containsEntry("delivery_rate_percent", 99.5);
    assertThat(last.finishedAtMillis()).isGreaterThan(last.startedAtMillis());
    assertThat(last.runbookSha256()).isEqualTo("abc123");
    assertThat(activities.logs)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.phase()).isEqualTo("verify");
              assertThat(l.outcome()).isEqualTo("verified");
              assertThat(l.eventKey()).isEqualTo(id(wf) + ":verify:0");
            });
    assertThat(wf.state().steps())
        .extracting(RemediationState.StepRecord::action, RemediationState.StepRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("failover", "applied"),
            org.assertj.core.groups.Tuple.tuple("verify", "verified"));
    assertThat(slack.posted).as("no approval wanted").isEmpty();
    Histories.record(client, id(wf), "remediation-verified");
  }

  @Test
  void givenAFailedVerification_whenItEnds_itShouldUndoTheAppliedStepsInReverseAndRollBack(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.fresh = metrics(120, 90.0);
    RemediationWorkflow wf =
        start(
            env,
            client,
            worker,
            runbook(
                false,
                List.of(RemediationAction.FAILOVER, RemediationAction.THROTTLE_TENANT),
                null,
                false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.ROLLED_BACK);
    assertThat(end.detail()).contains("not_verified").contains("90 not >= 98");
    assertThat(activities.work())
        .containsExactly(
            "measure channel",
            "perform 0 failover",
            "perform 1 throttle_tenant",
            "mark",
            "measureSince",
            "undo 1 throttle_tenant",
            "undo 0 failover");
    assertThat(activities.logs).extracting(RemediationLogEntry::outcome).contains("not_verified");
    assertThat(activities.lastRun().status()).isEqualTo(RemediationStatus.ROLLED_BACK);
    Histories.record(client, id(wf), "remediation-rolled-back");
  }

  @Test
  void givenAnExplicitEmptyRollback_whenVerificationFails_itShouldUndoNothingAndFail(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.fresh = metrics(120, 90.0);
    RemediationWorkflow wf =
        start(
            env,
            client,
            worker,
            runbook(false, List.of(RemediationAction.FAILOVER), List.of(), false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(activities.work()).noneMatch(c -> c.startsWith("undo"));
  }

  @Test
  void givenAnApprovalRunbook_whenApprovedJustInTime_itShouldRunTheStepsAndSucceed(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    RemediationWorkflow wf =
        start(env, client, worker, runbook(true, List.of(RemediationAction.FAILOVER), null, false));
    env.sleep(Duration.ofMinutes(14).plusSeconds(59));
    RemediationState waiting = wf.state();
    assertThat(waiting.status()).isEqualTo(RemediationStatus.AWAITING_APPROVAL);
    assertThat(waiting.steps()).isEmpty();
    assertThat(activities.work()).containsExactly("measure channel");
    assertThat(slack.posted)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.remediationId()).isEqualTo(id(wf));
              assertThat(r.steps()).containsExactly("failover");
              assertThat(r.threadTs()).isEqualTo("1700.1");
              assertThat(r.timeoutMillis()).isEqualTo(Duration.ofMinutes(15).toMillis());
            });
    assertThat(activities.lastRun().status()).isEqualTo(RemediationStatus.AWAITING_APPROVAL);

    wf.approve(new Decision("U1 (ada)", "go", "slack"));
    env.sleep(Duration.ofSeconds(10));
    RemediationState applying = wf.state();
    assertThat(applying.status())
        .as("in the stabilization wait")
        .isEqualTo(RemediationStatus.RUNNING);
    assertThat(applying.steps())
        .extracting(RemediationState.StepRecord::status)
        .containsExactly("applied");

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.SUCCEEDED);
    assertThat(wf.state().status()).isEqualTo(RemediationStatus.SUCCEEDED);
    assertThat(slack.answers).containsExactly("approved");
    RemediationRecord last = activities.lastRun();
    assertThat(last.approvalDecision()).isEqualTo("approved");
    assertThat(last.approvalBy()).isEqualTo("U1 (ada)");
    assertThat(activities.logs)
        .extracting(RemediationLogEntry::outcome)
        .containsExactly("requested", "approved", "verified");
    Histories.record(client, id(wf), "remediation-approval-granted");
  }

  @Test
  void givenAnApprovalRunbook_whenRejected_itShouldRunNoStepAndFail(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    RemediationWorkflow wf =
        start(env, client, worker, runbook(true, List.of(RemediationAction.FAILOVER), null, false));
    env.sleep(Duration.ofMinutes(2));
    wf.reject(new Decision("U2 (bob)", "not now", "slack"));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(end.detail()).isEqualTo("rejected by U2 (bob): not now");
    assertThat(activities.work()).noneMatch(c -> c.startsWith("perform"));
    assertThat(slack.answers).containsExactly("rejected");
    assertThat(activities.lastRun().approvalDecision()).isEqualTo("rejected");
    assertThat(wf.state().status()).isEqualTo(RemediationStatus.FAILED);
    Histories.record(client, id(wf), "remediation-approval-rejected");
  }

  @Test
  void givenAnApprovalRunbook_whenNobodyAnswersInTime_itShouldEscalateAtTheTimeout(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    RemediationWorkflow wf =
        start(env, client, worker, runbook(true, List.of(RemediationAction.FAILOVER), null, false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.ESCALATED);
    assertThat(end.detail()).contains("no approval within PT15M");
    RemediationRecord last = activities.lastRun();
    assertThat(last.finishedAtMillis() - slack.postedAt.get(0))
        .as("escalated when the 15 minutes are up, not later")
        .isBetween(900_000L, 901_000L);
    assertThat(last.approvalDecision()).isEqualTo("timed_out");
    assertThat(activities.work()).noneMatch(c -> c.startsWith("perform"));
    assertThat(slack.answers).containsExactly("timed_out");
    assertThat(activities.logs).extracting(RemediationLogEntry::outcome).contains("timed_out");
    Histories.record(client, id(wf), "remediation-approval-timed-out");
  }

  @Test
  void givenABlastRadiusLimit_whenTheSecondStepIsSkipped_itShouldUndoTheFirstAndRollBack(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.outcomes.put(1, StepOutcome.SKIPPED_LIMIT);
    RemediationWorkflow wf =
        start(
            env,
            client,
            worker,
            runbook(
                false,
                List.of(
                    RemediationAction.THROTTLE_TENANT,
                    RemediationAction.FAILOVER,
                    RemediationAction.NOTIFY),
                null,
                false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.ROLLED_BACK);
    assertThat(end.detail()).contains("skipped_limit");
    assertThat(activities.work())
        .containsExactly(
            "measure channel",
            "perform 0 throttle_tenant",
            "perform 1 failover",
            "undo 0 throttle_tenant");
    Histories.record(client, id(wf), "remediation-blast-radius");
  }

  @Test
  void givenAStepThatIsNotApplicable_whenPerformed_itShouldStopWithoutVerifyingAndFail(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.outcomes.put(0, StepOutcome.NOT_APPLICABLE);
    RemediationWorkflow wf =
        start(
            env,
            client,
            worker,
            runbook(
                false,
                List.of(RemediationAction.RESTART_WORKER, RemediationAction.NOTIFY),
                null,
                false));

    RemediationResult end = result(wf);
    // Nothing was applied, so nothing is undone: the run failed and the next runbook is tried.
    assertThat(end.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(end.detail()).contains("step 1 (restart_worker) not_applicable");
    assertThat(activities.work())
        .containsExactly("measure channel", "perform 0 restart_worker")
        .doesNotContain("measureSince");
    Histories.record(client, id(wf), "remediation-not-applicable");
  }

  @Test
  void givenTheKillSwitch_whenItIsOffBeforeStepTwo_itShouldEscalateWithoutRollback(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.outcomes.put(1, StepOutcome.SKIPPED_DISABLED);
    RemediationWorkflow wf =
        start(
            env,
            client,
            worker,
            runbook(
                false,
                List.of(RemediationAction.THROTTLE_TENANT, RemediationAction.FAILOVER),
                null,
                false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.ESCALATED);
    assertThat(end.detail()).contains("kill switch");
    assertThat(activities.work())
        .containsExactly("measure channel", "perform 0 throttle_tenant", "perform 1 failover");
    Histories.record(client, id(wf), "remediation-kill-switch");
  }

  @Test
  void givenTooFewFreshSamples_whenUnprovenIsNotAllowed_itShouldRollBack(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.fresh = metrics(5, 100.0);
    RemediationWorkflow wf =
        start(
            env, client, worker, runbook(false, List.of(RemediationAction.FAILOVER), null, false));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.ROLLED_BACK);
    assertThat(end.detail()).contains("unproven").contains("5 samples");
    assertThat(activities.logs).extracting(RemediationLogEntry::outcome).contains("unproven");
  }

  @Test
  void givenTooFewFreshSamples_whenUnprovenIsAllowed_itShouldSucceed(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.fresh = metrics(5, 100.0);
    RemediationWorkflow wf =
        start(env, client, worker, runbook(false, List.of(RemediationAction.FAILOVER), null, true));

    RemediationResult end = result(wf);
    assertThat(end.status()).isEqualTo(RemediationStatus.SUCCEEDED);
    assertThat(activities.work()).noneMatch(c -> c.startsWith("undo"));
    assertThat(activities.logs).extracting(RemediationLogEntry::outcome).contains("unproven");
  }

  @Test
  void givenARunningRemediation_whenCancelledByAHumanResolve_itShouldFailWithoutRollback(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    RemediationWorkflow wf =
        start(
            env, client, worker, runbook(false, List.of(RemediationAction.FAILOVER), null, false));
    env.sleep(Duration.ofSeconds(15)); // in the stabilization wait
    assertThat(wf.state().steps())
        .extracting(RemediationState.StepRecord::status)
        .containsExactly("applied");
    WorkflowStub.fromTyped(wf).cancel("resolved by ada (api)");

    // It ends cancelled (its parent sees the cancellation), having written why.
    assertThatThrownBy(() -> result(wf)).isInstanceOf(WorkflowFailedException.class);
    RemediationRecord last = activities.lastRun();
    assertThat(last.status()).isEqualTo(RemediationStatus.FAILED);
    assertThat(last.detail()).isEqualTo("cancelled: resolved by ada (api)");
    assertThat(last.finishedAtMillis()).isPositive();
    assertThat(activities.work())
        .noneMatch(c -> c.startsWith("undo"))
        .doesNotContain("measureSince");
    Histories.record(client, id(wf), "remediation-cancelled-by-human");
  }
}
