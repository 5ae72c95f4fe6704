package io.iris.workflows.cost;

import io.iris.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;

/** How a {@link BudgetCheckWorkflow} is started: by its Schedule only. */
public final class BudgetCheckStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  private BudgetCheckStart() {}

  /** The options of the schedule's start action. */
  public static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(BudgetCheckWorkflow.SCHEDULE_ID)
        .setTaskQueue(TASK_QUEUE)
        .build();
  }
}
