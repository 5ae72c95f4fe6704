package io.iris.workflows.remediation;

import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.SlackMessageRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Registered on {@link TaskQueues#INCIDENT} from the {@link
 * io.iris.workflows.common.WorkflowCatalog}. One runbook, start to end: metrics before, an approval
 * where the runbook wants one, the steps in order, the stabilization wait, verification on fresh
 * metrics, and a rollback when it does not hold. Each transition is written ({@link
 * RemediationActivities#recordRun}) and told to the parent incident ({@link
 * IncidentWorkflow#remediationProgress}). Short-lived: no continue-as-new.
 */
public class RemediationWorkflowImpl implements RemediationWorkflow {

  private static final String SYSTEM = "system:remediation";

  private static final Logger log = Workflow.getLogger(RemediationWorkflowImpl.class);

  /**
   * Metrics, steps and rows: idempotent activities (a retried step finds its own log row), retried
   * for the policy's retry window; a step that still fails then counts as failed. Made in {@link
   * #run}, from the policy the incident recorded.
   */
  private RemediationActivities activities;

  static ActivityOptions activityOptions(RemediationPolicy policy) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(policy.activityTimeout())
        .setScheduleToCloseTimeout(policy.activityRetryWindow())
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(policy.activityTimeout())
                // A bad argument does not heal by retrying: fail (and survive) at once.
                .setDoNotRetry(IllegalArgumentException.class.getName())
                .build())
        .build();
  }

  /** The approval message, with the incident notifications' retry policy. */
  private final SlackRemediationActivities slack =
      Workflow.newActivityStub(
          SlackRemediationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(8)
                      .setDoNotRetry("SLACK_REJECTED", "SLACK_NOT_CONFIGURED")
                      .build())
              .build());

  private RemediationInput input;
  private String remediationId = "";
  private String incidentId = "";
  private String runbookName = "";
  private RemediationStatus status = RemediationStatus.RUNNING;
  private String detail = "";
  private final List<RemediationState.StepRecord> steps = new ArrayList<>();
  private ScopeMetrics metricsBefore;
  private ScopeMetrics metricsAfter;
  private long startedAt;
  private long finishedAt;
  private String approvalDecision = "";
  private String approvalBy = "";
  private String approvalNote = "";
  private int approvals;

  /** The answer to the approval being waited for; null until one comes. */
  private Decision decision;

  private boolean approved;

  /** A step that applied, with what undoing it needs. */
  private record Applied(int index, RunbookStep step, StepResult result) {}

  private final List<Applied> applied = new ArrayList<>();

  @Override
  public RemediationResult run(RemediationInput in) {
    input = in;
    activities =
        Workflow.newActivityStub(RemediationActivities.class, activityOptions(in.policy()));
    remediationId = in.remediationId();
    incidentId = in.incidentId();
    runbookName = in.runbook().name();
    startedAt = Workflow.currentTimeMillis();
    try {
      return remediate();
    } catch (CanceledFailure cancelled) {
      // A human resolved the incident: say so and stop, undoing nothing (the human decided).
      String reason = CancellationScope.current().getCancellationReason();
      String why =
          "cancelled: "
              + (reason == null || reason.isBlank() ? "the incident was resolved" : reason);
      RemediationResult[] result = new RemediationResult[1];
      Workflow.newDetachedCancellationScope(
              () -> result[0] = finish(RemediationStatus.FAILED, "remediation_failed", why))
          .run();
      return result[0];
    }
  }

  private RemediationResult remediate() {
    Runbook runbook = input.runbook();
    record();
    progress("remediation_started", describeStart(runbook));

    metricsBefore = measure(runbook.verify().scope());
    record();

    if (runbook.requiresApproval() && !approve(List.copyOf(runbook.steps()))) {
      return result();
    }
    List<RunbookStep> all = runbook.steps();
    for (int i = 0; i < all.size(); i++) {
      RunbookStep step = all.get(i);
      if (step.action() == RemediationAction.REQUIRE_APPROVAL) {
        if (!approve(all.subList(i + 1, all.size()))) {
          return result();
        }
        continue;
      }
      StepResult done = perform(command("step", i, step, null));
      noteStep(step.action(), done);
      if (!done.outcome().proceeds()) {
        if (done.outcome() == StepOutcome.SKIPPED_DISABLED) {
          // The kill switch: stop, and leave what applied as it is (a rollback is automation too).
          return finish(
              RemediationStatus.ESCALATED,
              "remediation_escalated",
              "remediation is switched off (kill switch) before step "
                  + (i + 1)
                  + " ("
                  + step.action().wireName()
                  + "): humans are paged");
        }
        return rollBack(
            "step " + (i + 1) + " (" + step.action().wireName() + ") " + outcomeText(done));
      }
      if (done.outcome() == StepOutcome.APPLIED) {
        applied.add(new Applied(i, step, done));
      }
    }

    Verification.Result verdict = verify(runbook);
    if (verdict.accepted()) {
      return finish(RemediationStatus.SUCCEEDED, "remediation_verified", verdict.detail());
    }
    progress("remediation_not_verified", verdict.verdict().wireName() + ": " + verdict.detail());
    return rollBack(verdict.verdict().wireName() + ": " + verdict.detail());
  }

  /** Settle, mark, wait, measure what came since, and judge it. */
  private Verification.Result verify(Runbook runbook) {
    RemediationPolicy policy = input.policy();
    Workflow.sleep(runbook.settle() == null ? policy.settle() : runbook.settle());
    VerifyCondition.Scope scope = runbook.verify().scope();
    Optional<MetricsMark> mark = attempt(() -> activities.mark(input.anomaly(), scope));
    Duration wait =
        runbook.stabilizationWait() == null
            ? policy.stabilizationWait()
            : runbook.stabilizationWait();
    Workflow.sleep(wait);
    ScopeMetrics fresh =
        mark.flatMap(m -> attempt(() -> activities.measureSince(input.anomaly(), m))).orElse(null);
    metricsAfter = fresh;
    Verification.Result verdict =
        Verification.check(runbook.verify(), fresh, input.anomaly().expected());
    recordLog("verify", 0, "verify", SYSTEM, verdict.verdict().wireName(), verdict.detail());
    steps.add(
        new RemediationState.StepRecord(
            "verify",
            verdict.verdict().wireName(),
            Workflow.currentTimeMillis(),
            verdict.detail()));
    return verdict;
  }

  /**
   * Undoes what applied, in reverse, or what the runbook's own rollback list names; ends {@code
   * rolled_back} when anything was undone, else {@code failed}.
   */
  private RemediationResult rollBack(String why) {
    List<Applied> toUndo = new ArrayList<>();
    List<RunbookStep> explicit = input.runbook().rollback();
    if (explicit == null) {
      for (int i = applied.size() - 1; i >= 0; i--) {
        toUndo.add(applied.get(i));
      }
    } else {
      for (RunbookStep named : explicit) {
        for (int i = applied.size() - 1; i >= 0; i--) {
          Applied a = applied.get(i);
          if (a.step().action() == named.action() && !toUndo.contains(a)) {
            toUndo.add(a);
          }
        }
      }
    }
    int undone = 0;
    for (int k = 0; k < toUndo.size(); k++) {
      Applied a = toUndo.get(k);
      StepResult result = undo(command("rollback", k, a.step(), a.result()));
      noteStep(a.step().action(), result);
      if (result.outcome() == StepOutcome.ROLLED_BACK) {
        undone++;
      }
    }
    if (undone > 0) {
      return finish(
          RemediationStatus.ROLLED_BACK,
          "remediation_rolled_back",
          why + "; undid " + undone + " step" + (undone == 1 ? "" : "s"));
    }
    return finish(
        RemediationStatus.FAILED,
        "remediation_failed",
        why + (toUndo.isEmpty() ? "; nothing to undo" : "; nothing was undone"));
  }

  /**
   * Waits for a human's answer on a durable timer. Approved: true. Rejected: ends {@code failed}.
   * No answer in time: ends {@code escalated}, at once; it never silently expires.
   */
  private boolean approve(List<RunbookStep> pending) {
    int index = approvals++;
    RemediationPolicy policy = input.policy();
    decision = null;
    status = RemediationStatus.AWAITING_APPROVAL;
    detail = "awaiting approval (up to " + policy.approvalTimeout() + ")";
    record();
    recordLog("approval", index, "require_approval", SYSTEM, "requested", detail);
    progress("remediation_awaiting_approval", detail);
    SlackMessageRef thread = input.thread();
    ApprovalRequest request =
        new ApprovalRequest(
            remediationId,
            incidentId,
            runbookName,
            input.runbook().description(),
            input.anomaly(),
            pending.stream().map(RemediationWorkflowImpl::stepText).toList(),
            thread == null ? "" : thread.channel(),
            thread == null ? "" : thread.ts(),
            policy.approvalTimeout().toMillis());
    Optional<SlackMessageRef> message = attempt(() -> slack.postApproval(request));
    boolean answered = Workflow.await(policy.approvalTimeout(), () -> decision != null);
    if (!answered) {
      approvalDecision = "timed_out";
      recordLog("approval", index, "require_approval", SYSTEM, "timed_out", "no answer in time");
      finish(
          RemediationStatus.ESCALATED,
          "remediation_escalated",
          "no approval within " + policy.approvalTimeout() + ": humans are paged");
      message.ifPresent(m -> attemptRun(() -> slack.updateApproval(m, request, "timed_out")));
      return false;
    }
    Decision answer = decision;
    approvalBy = answer.by();
    approvalNote = answer.note() == null ? "" : answer.note();
    String by = answer.by() + (approvalNote.isEmpty() ? "" : ": " + approvalNote);
    if (approved) {
      approvalDecision = "approved";
      recordLog("approval", index, "require_approval", answer.by(), "approved", by);
      status = RemediationStatus.RUNNING;
      detail = "approved by " + by;
      record();
      progress("remediation_approved", detail);
      message.ifPresent(m -> attemptRun(() -> slack.updateApproval(m, request, "approved")));
      return true;
    }
    approvalDecision = "rejected";
    recordLog("approval", index, "require_approval", answer.by(), "rejected", by);
    finish(RemediationStatus.FAILED, "remediation_rejected", "rejected by " + by);
    message.ifPresent(m -> attemptRun(() -> slack.updateApproval(m, request, "rejected")));
    return false;
  }

  private ScopeMetrics measure(VerifyCondition.Scope scope) {
    return attempt(() -> activities.measure(input.anomaly(), scope)).orElse(null);
  }

  private StepResult perform(StepCommand command) {
    try {
      return activities.perform(command);
    } catch (ActivityFailure failure) {
      rethrowIfCancelled(failure);
      return new StepResult(
          command.step().action(), StepOutcome.FAILED, "could not perform: " + why(failure), null);
    }
  }

  private StepResult undo(StepCommand command) {
    try {
      return activities.undo(command);
    } catch (ActivityFailure failure) {
      rethrowIfCancelled(failure);
      return new StepResult(
          command.step().action(), StepOutcome.FAILED, "could not undo: " + why(failure), null);
    }
  }

  private StepCommand command(String phase, int index, RunbookStep step, StepResult undoOf) {
    return new StepCommand(
        remediationId,
        incidentId,
        runbookName,
        phase,
        index,
        step,
        input.anomaly(),
        undoOf,
        input.thread());
  }

  private void noteStep(RemediationAction action, StepResult result) {
    steps.add(
        new RemediationState.StepRecord(
            action.wireName(),
            result.outcome().wireName(),
            Workflow.currentTimeMillis(),
            result.detail()));
    record();
    progress(
        "remediation_step",
        action.wireName() + " " + result.outcome().wireName() + outcomeSuffix(result));
  }

  /** Ends the run: its row, its incident told, its result. */
  private RemediationResult finish(RemediationStatus end, String event, String why) {
    status = end;
    detail = why;
    finishedAt = Workflow.currentTimeMillis();
    record();
    progress(event, why);
    return result();
  }

  private RemediationResult result() {
    return new RemediationResult(remediationId, runbookName, status, detail);
  }

  private void record() {
    RemediationRecord row =
        new RemediationRecord(
            remediationId,
            incidentId,
            input.anomaly().anomalyId(),
            runbookName,
            input.runbook().sha256(),
            status,
            detail,
            metricsBefore,
            metricsAfter,
            approvalDecision,
            approvalBy,
            approvalNote,
            startedAt,
            finishedAt);
    attemptRun(() -> activities.recordRun(row));
  }

  private void recordLog(
      String phase, int index, String action, String actor, String outcome, String text) {
    RemediationLogEntry entry =
        new RemediationLogEntry(
            remediationId,
            incidentId,
            input.anomaly().anomalyId(),
            phase,
            index,
            action,
            actor,
            outcome,
            text,
            metricsBefore,
            metricsAfter,
            Workflow.currentTimeMillis());
    attemptRun(() -> activities.recordLog(entry));
  }

  /** Tells the parent incident, when there is one and it still runs. */
  private void progress(String event, String text) {
    Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isEmpty()) {
      return;
    }
    RemediationEvent update =
        new RemediationEvent(
            remediationId, runbookName, event, status, text, Workflow.currentTimeMillis());
    try {
      Workflow.newExternalWorkflowStub(IncidentWorkflow.class, parent.get())
          .remediationProgress(update);
    } catch (CanceledFailure cancelled) {
      throw cancelled;
    } catch (RuntimeException ended) {
      // The incident has ended (a human resolved it): nobody to tell.
      log.info("remediation {}: incident not told of {}: {}", remediationId, event, ended);
    }
  }

  /** An activity whose failure (after its retries) is logged and survived. */
  private <T> Optional<T> attempt(java.util.function.Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (ActivityFailure failure) {
      rethrowIfCancelled(failure);
      log.warn("remediation {}: {}", remediationId, why(failure));
      return Optional.empty();
    }
  }

  private void attemptRun(Runnable call) {
    attempt(
        () -> {
          call.run();
          return Boolean.TRUE;
        });
  }

  /** A cancelled activity is the run's cancellation, not a failure to survive. */
  private static void rethrowIfCancelled(ActivityFailure failure) {
    if (failure.getCause() instanceof CanceledFailure cancelled) {
      throw cancelled;
    }
  }

  private static String why(ActivityFailure failure) {
    return failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage();
  }

  private static String describeStart(Runbook runbook) {
    return runbook.steps().stream()
        .map(RemediationWorkflowImpl::stepText)
        .reduce((a, b) -> a + ", " + b)
        .map(s -> "steps: " + s)
        .orElse("no steps");
  }

  /** A step as people read it: {@code throttle_tenant (ofAverage: 2)}. */
  static String stepText(RunbookStep step) {
    if (step.params().isEmpty()) {
      return step.action().wireName();
    }
    List<String> params = new ArrayList<>();
    new TreeMap<>(step.params()).forEach((k, v) -> params.add(k + ": " + v));
    return step.action().wireName() + " (" + String.join(", ", params) + ")";
  }

  private static String outcomeText(StepResult result) {
    return result.outcome().wireName() + outcomeSuffix(result);
  }

  private static String outcomeSuffix(StepResult result) {
    return result.detail().isEmpty() ? "" : " (" + result.detail() + ")";
  }

  @Override
  public void approve(Decision answer) {
    if (status == RemediationStatus.AWAITING_APPROVAL && decision == null) {
      decision = answer;
      approved = true;
    }
  }

  @Override
  public void reject(Decision answer) {
    if (status == RemediationStatus.AWAITING_APPROVAL && decision == null) {
      decision = answer;
      approved = false;
    }
  }

  @Override
  public RemediationState state() {
    return new RemediationState(
        remediationId,
        incidentId,
        runbookName,
        status,
        detail,
        List.copyOf(steps),
        metricsBefore,
        metricsAfter);
  }
}
