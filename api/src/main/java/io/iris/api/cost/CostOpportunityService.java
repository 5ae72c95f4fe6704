package io.iris.api.cost;

import io.iris.activities.cost.OpportunityStore;
import io.iris.activities.cost.OpportunityStore.Row;
import io.iris.activities.remediation.RemediationSettings;
import io.iris.api.remediation.RemediationService;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.cost.CostAnswer;
import io.iris.workflows.cost.CostOpportunityWorkflow;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * An operator's answer to a cost opportunity under review, from the API or a Slack button: a signal
 * to its workflow, which applies or dismisses it (and writes the row and its audit).
 */
@Service
public class CostOpportunityService {

  public enum Outcome {
    SIGNALLED,
    UNKNOWN,
    NOT_AWAITING
  }

  /**
   * @param status the row's status when it was answered (or found not awaiting)
   */
  public record Answered(Outcome outcome, String status) {}

  private final OpportunityStore store;
  private final WorkflowClient client;
  private final RemediationSettings remediation;
  private final Duration retryAfter;

  public CostOpportunityService(
      OpportunityStore store,
      WorkflowClient client,
      RemediationSettings remediation,
      @Value("${iris.api.database-retry-after}") Duration retryAfter) {
    this.store = store;
    this.client = client;
    this.remediation = remediation;
    this.retryAfter = retryAfter;
  }

  /**
   * Whether a Slack user may answer: the approvers of auto-remediation ({@code
   * IRIS_REMEDIATION_APPROVERS}), anyone when none are configured.
   */
  public boolean mayAnswer(String slackUserId) {
    return remediation.approvers().isEmpty() || remediation.approvers().contains(slackUserId);
  }

  public Answered answer(String id, boolean approve, CostAnswer answer) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException notAnId) {
      return new Answered(Outcome.UNKNOWN, "");
    }
    Optional<Row> row = store.find(uuid);
    if (row.isEmpty()) {
      return new Answered(Outcome.UNKNOWN, "");
    }
    String status = row.get().status();
    if (!status.equals("awaiting_review")) {
      return new Answered(Outcome.NOT_AWAITING, status);
    }
    try {
      WorkflowSignals.Outcome sent =
          WorkflowSignals.signal(
              client,
              CostOpportunityWorkflow.class,
              CostOpportunityWorkflow.workflowId(id),
              wf -> {
                if (approve) {
                  wf.approve(answer);
                } else {
                  wf.dismiss(answer);
                }
              });
      return sent == WorkflowSignals.Outcome.SIGNALLED
          ? new Answered(Outcome.SIGNALLED, status)
          : new Answered(Outcome.NOT_AWAITING, "ended");
    } catch (RuntimeException e) {
      throw RemediationService.temporalUnavailable(e, retryAfter);
    }
  }
}
