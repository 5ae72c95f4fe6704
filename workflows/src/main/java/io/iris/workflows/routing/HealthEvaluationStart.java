package io.iris.workflows.routing;

import io.iris.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;

/**
 * How a {@link HealthEvaluationWorkflow} is started: by its Temporal Schedule {@link
 * HealthEvaluationWorkflow#SCHEDULE_ID} only (the schedule names each run after itself and the
 * run's time; its overlap policy keeps runs from piling up).
 */
public final class HealthEvaluationStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  private HealthEvaluationStart() {}

  /** The options of the schedule's start action. */
  public static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(HealthEvaluationWorkflow.SCHEDULE_ID)
        .setTaskQueue(TASK_QUEUE)
        .build();
  }
}
