package io.iris.workflows.capacity;

import io.iris.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;

/** How a {@link CapacityForecastWorkflow} is started: by its Schedule only. */
public final class CapacityForecastStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  private CapacityForecastStart() {}

  /** The options of the schedule's start action. */
  public static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(CapacityForecastWorkflow.SCHEDULE_ID)
        .setTaskQueue(TASK_QUEUE)
        .build();
  }
}
