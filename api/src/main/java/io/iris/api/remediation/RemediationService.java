package io.iris.api.remediation;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.remediation.RemediationSettings;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.remediation.Decision;
import io.iris.workflows.remediation.RemediationState;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.RemediationWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;

/**
 * A human's answer to a remediation waiting for approval, from the API or a Slack button: a signal
 * to its workflow, given only while its {@code state()} says {@code awaiting_approval}.
 */
@Service
public class RemediationService {

  /** What became of an answer. */
  public enum Outcome {
    SIGNALLED,
    /** No remediation with that id. */
    UNKNOWN,
    /** It is not waiting for an answer (already answered, timed out, or ended). */
    NOT_AWAITING,
    /** The answer came from someone not among {@code IRIS_REMEDIATION_APPROVERS}. */
    NOT_AN_APPROVER
  }

  /** An answer, and the run's status when it was given. */
  public record Answered(Outcome outcome, Optional<RemediationStatus> status) {}

  private static final Set<Status.Code> UNREACHABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

  private final WorkflowClient client;
  private final RemediationSettings settings;
  private final Duration retryAfter;

  public RemediationService(
      WorkflowClient client,
      RemediationSettings settings,
      @Value("${iris.api.database-retry-after}") Duration retryAfter) {
    this.client = client;
    this.settings = settings;
    this.retryAfter = retryAfter;
  }

  /** Whether a Slack user may answer approvals: anyone when no approvers are configured. */
  public boolean mayApprove(String slackUserId) {
    return settings.approvers().isEmpty() || settings.approvers().contains(slackUserId);
  }

  /**
   * Approves ({@code approve}) or rejects the remediation {@code id}.
   *
   * @throws ApiProblem 503 with {@code Retry-After} when Temporal does not answer
   */
  public Answered decide(String id, boolean approve, Decision decision) {
    if (!RemediationController.ID.matcher(id).matches()) {
      return new Answered(Outcome.UNKNOWN, Optional.empty());
    }
    return reachable(
        () -> {
          RemediationWorkflow stub = client.newWorkflowStub(RemediationWorkflow.class, id);
          Optional<RemediationState> state = WorkflowSignals.ask(stub::state);
          if (state.isEmpty()) {
            return new Answered(Outcome.UNKNOWN, Optional.empty());
          }
          RemediationStatus now = state.get().status();
          if (now != RemediationStatus.AWAITING_APPROVAL) {
            return new Answered(Outcome.NOT_AWAITING, Optional.of(now));
          }
          BiConsumer<RemediationWorkflow, Decision> signal =
              approve ? RemediationWorkflow::approve : RemediationWorkflow::reject;
          WorkflowSignals.Outcome sent =
              WorkflowSignals.signal(
                  client, RemediationWorkflow.class, id, wf -> signal.accept(wf, decision));
          return sent == WorkflowSignals.Outcome.SIGNALLED
              ? new Answered(Outcome.SIGNALLED, Optional.of(now))
              : new Answered(Outcome.NOT_AWAITING, Optional.of(now));
        });
  }

  private <T> T reachable(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw temporalUnavailable(e, retryAfter);
    }
  }

  /**
   * The 503 with {@code Retry-After} for a Temporal that does not answer; any other failure is
   * rethrown as it is.
   */
  public static RuntimeException temporalUnavailable(RuntimeException e, Duration retryAfter) {
    if (!unreachable(e)) {
      return e;
    }
    long seconds = Math.max(1, retryAfter.toSeconds());
    ApiProblem problem =
        ApiProblem.unavailable(
            "Temporal is unreachable, so the answer was not given. Retry after " + seconds + " s.");
    problem.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
    return problem;
  }

  public static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && UNREACHABLE.contains(grpc.getStatus().getCode())) {
        return true;
      }
    }
    return false;
  }
}
