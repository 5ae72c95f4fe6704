package io.iris.workflows.cost;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One opportunity, id {@code cost-opportunity-{id}}: applied at once when the seed's rule allows
 * ({@link CostOpportunity#autoApplies}), otherwise posted for review and waiting on a durable timer
 * for {@link #approve} or {@link #dismiss}; an applied switch is watched and reverted if delivery
 * drops, and the saving achieved is measured.
 */
@WorkflowInterface
public interface CostOpportunityWorkflow {

  /** The workflow id of an opportunity. */
  static String workflowId(String opportunityId) {
    return "cost-opportunity-" + opportunityId;
  }

  /**
   * @return how it ended: {@code applied}, {@code reverted}, {@code dismissed}, {@code expired} or
   *     {@code failed}
   */
  @WorkflowMethod
  String run(CostOpportunity opportunity, CostPolicy policy);

  /** Applies an opportunity under review. Ignored once answered. */
  @SignalMethod
  void approve(CostAnswer answer);

  /** Dismisses an opportunity under review. Ignored once answered. */
  @SignalMethod
  void dismiss(CostAnswer answer);

  @QueryMethod
  CostOpportunityState state();
}
