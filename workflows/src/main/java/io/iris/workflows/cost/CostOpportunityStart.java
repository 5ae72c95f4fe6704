package io.iris.workflows.cost;

import io.iris.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowOptions;

/**
 * How a {@link CostOpportunityWorkflow} is started: as a child of the cycle that found it, left
 * running when the cycle ends, on the cycle's own task queue ({@link #TASK_QUEUE}).
 */
public final class CostOpportunityStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  private CostOpportunityStart() {}

  public static ChildWorkflowOptions childOptions(String opportunityId) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(CostOpportunityWorkflow.workflowId(opportunityId))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .build();
  }
}
