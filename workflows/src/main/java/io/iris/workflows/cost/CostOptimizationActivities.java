package io.iris.workflows.cost;

import io.temporal.activity.ActivityInterface;

/**
 * The cost-optimization cycle's work outside the workflows (queue {@code iris-operations}): the
 * rules over the roll-ups and scores, the opportunities' rows, the routing change of a switch, and
 * the operators' Slack channel. Every method is idempotent: a retried call finds its own row.
 */
@ActivityInterface
public interface CostOptimizationActivities {

  /**
   * Runs the rules at {@code atMillis} and stores each opportunity not already open (nor dismissed,
   * expired or reverted recently); returns those stored now, with the policy from configuration.
   */
  CostCycle findCostOpportunities(long atMillis);

  /**
   * Applies the opportunity: a switch fails the providers ahead of the recommended one over on the
   * channel (trigger {@code cost}, through the routing state failover writes), an idle resource is
   * marked released. Marks the row applied by {@code by}. Throws a non-retryable {@code
   * COST_NOT_APPLICABLE} failure when it no longer makes sense (the recommended provider is failed
   * over, or no longer of the channel).
   *
   * @return what changed, in plain words
   */
  String applyCostOpportunity(CostOpportunity opportunity, String by, long atMillis);

  /** The recommended provider's delivery on the channel since the switch, and the rate before. */
  SwitchQuality checkCostSwitch(CostOpportunity opportunity, long appliedAtMillis, long atMillis);

  /**
   * Undoes a switch (restores the providers it failed over, while they still hold its failover) and
   * marks the row reverted with the reason.
   */
  String revertCostOpportunity(CostOpportunity opportunity, String reason, long atMillis);

  /**
   * Measures the saving achieved since {@code appliedAtMillis} (cost per message before against
   * after, at the messages sent since) and stores it on the row.
   *
   * @return the achieved saving per day, plain decimal
   */
  String measureCostSavings(CostOpportunity opportunity, long appliedAtMillis, long atMillis);

  /**
   * Sets the row's status ({@code awaiting_review}, {@code dismissed}, {@code expired}, {@code
   * failed}) with who and why, and writes the audit row {@code cost.opportunity.{status}}.
   */
  void markCostOpportunity(String id, String status, String by, String note, long atMillis);

  /** Posts the review to Slack with Approve / Dismiss buttons (or says it could not). */
  String postCostReview(CostOpportunity opportunity, long expiresAtMillis);

  /** Posts how it ended (applied, reverted, dismissed, expired, failed) to Slack. */
  String postCostOutcome(CostOpportunity opportunity, String outcome, String detail);
}
