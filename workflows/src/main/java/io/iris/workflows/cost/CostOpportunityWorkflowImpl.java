package io.iris.workflows.cost;

import io.iris.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * Registered on {@link TaskQueues#OPERATIONS} from the {@link
 * io.iris.workflows.common.WorkflowCatalog}.
 *
 * <ol>
 *   <li>Auto-applies when {@link CostOpportunity#autoApplies} holds; otherwise marks the row {@code
 *       awaiting_review}, posts the review and waits up to the policy's review expiry for an
 *       answer. No answer in time: {@code expired} (said in Slack; the next cycles may offer it
 *       again once the re-offer wait has passed). Dismissed: {@code dismissed}.
 *   <li>Applies (by the system or the approver). A change that no longer applies ends {@code
 *       failed}.
 *   <li>A routing change is watched: every watch interval, the recommended provider's delivery
 *       since the switch against the rate before; a drop beyond the policy reverts it ({@code
 *       reverted}).
 *   <li>After the measure-after wait the saving achieved is measured and stored: {@code applied}.
 * </ol>
 *
 * Database work retries for as long as the dependency is down (the default activity options); a
 * Slack post that cannot be made is given up on, never failing the workflow.
 */
public class CostOpportunityWorkflowImpl implements CostOpportunityWorkflow {

  static final String SYSTEM = "system:cost-optimization";

  private static final Logger log = Workflow.getLogger(CostOpportunityWorkflowImpl.class);

  private final CostOptimizationActivities activities =
      Workflow.newActivityStub(CostOptimizationActivities.class);

  private final CostOptimizationActivities slack =
      Workflow.newActivityStub(
          CostOptimizationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(8)
                      .build())
              .build());

  private String status = "applying";
  private String detail = "";
  private long reviewExpiresAt;
  private CostAnswer approved;
  private CostAnswer dismissed;

  @Override
  public String run(CostOpportunity o, CostPolicy policy) {
    String by = SYSTEM;
    if (!o.autoApplies(policy)) {
      reviewExpiresAt = Workflow.currentTimeMillis() + policy.reviewExpiry().toMillis();
      status = "awaiting_review";
      detail = "awaiting review until the expiry (" + policy.reviewExpiry() + ")";
      activities.markCostOpportunity(
          o.id(), status, SYSTEM, reviewReason(o, policy), Workflow.currentTimeMillis());
      post(() -> slack.postCostReview(o, reviewExpiresAt));
      boolean answered =
          Workflow.await(policy.reviewExpiry(), () -> approved != null || dismissed != null);
      if (!answered) {
        return end(o, "expired", SYSTEM, "no answer within " + policy.reviewExpiry());
      }
      if (approved == null) {
        return end(o, "dismissed", dismissed.by(), dismissed.note());
      }
      by = approved.by();
    }
    status = "applying";
    long appliedAt = Workflow.currentTimeMillis();
    try {
      detail = activities.applyCostOpportunity(o, by, appliedAt);
    } catch (ActivityFailure notApplicable) {
      String why =
          notApplicable.getCause() instanceof ApplicationFailure af
              ? af.getOriginalMessage()
              : String.valueOf(notApplicable.getMessage());
      return end(o, "failed", by, why);
    }
    log.info("cost opportunity {} applied by {}: {}", o.id(), by, detail);
    post(() -> slack.postCostOutcome(o, "applied", detail));
    long watched = 0;
    if (o.type().routes()) {
      status = "watching";
      for (int check = 1; check <= policy.watchChecks(); check++) {
        Workflow.sleep(policy.watchInterval());
        watched += policy.watchInterval().toMillis();
        SwitchQuality q = activities.checkCostSwitch(o, appliedAt, Workflow.currentTimeMillis());
        if (q.dropped(policy)) {
          String why =
              String.format(
                  Locale.ROOT,
                  "delivery %.2f%% over %d sends since the switch, under %.2f%% before it less"
                      + " %.2f points",
                  q.deliveryRatePercent(),
                  q.attempts(),
                  q.baselinePercent(),
                  policy.revertDropPoints());
          status = "reverted";
          detail = activities.revertCostOpportunity(o, why, Workflow.currentTimeMillis());
          post(() -> slack.postCostOutcome(o, "reverted", why));
          return status;
        }
      }
    }
    long rest = policy.measureAfter().toMillis() - watched;
    if (rest > 0) {
      Workflow.sleep(Duration.ofMillis(rest));
    }
    String achieved = activities.measureCostSavings(o, appliedAt, Workflow.currentTimeMillis());
    status = "applied";
    detail = detail + "; achieved $" + achieved + "/day";
    return status;
  }

  private static String reviewReason(CostOpportunity o, CostPolicy policy) {
    if (!policy.autoApply()) {
      return "auto-apply is off";
    }
    if (!o.allowsAutoApply()) {
      return o.type().wireName() + " is never applied without review";
    }
    if (!CostOpportunity.MINIMAL.equals(o.qualityImpact())) {
      return "quality impact " + o.qualityImpact();
    }
    return "saves $"
        + o.savingsUsdPerDay()
        + "/day, not more than $"
        + policy.autoApplyMinUsdPerDay();
  }

  private String end(CostOpportunity o, String outcome, String by, String note) {
    status = outcome;
    detail = note;
    activities.markCostOpportunity(o.id(), outcome, by, note, Workflow.currentTimeMillis());
    post(() -> slack.postCostOutcome(o, outcome, note));
    return outcome;
  }

  private void post(Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure slackDown) {
      log.warn("cost opportunity: Slack post given up: {}", slackDown.getMessage());
    }
  }

  @Override
  public void approve(CostAnswer answer) {
    if (approved == null && dismissed == null) {
      approved = answer;
    }
  }

  @Override
  public void dismiss(CostAnswer answer) {
    if (approved == null && dismissed == null) {
      dismissed = answer;
    }
  }

  @Override
  public CostOpportunityState state() {
    return new CostOpportunityState(status, detail, reviewExpiresAt);
  }
}
