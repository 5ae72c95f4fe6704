package io.iris.workflows.cost;

import io.iris.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;

/** How a {@link CostOptimizationWorkflow} is started: by its Schedule only. */
public final class CostOptimizationStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  private CostOptimizationStart() {}

  /** The options of the schedule's start action. */
  public static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(CostOptimizationWorkflow.SCHEDULE_ID)
        .setTaskQueue(TASK_QUEUE)
        .build();
  }
}
