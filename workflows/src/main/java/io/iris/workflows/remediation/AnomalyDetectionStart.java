package io.iris.workflows.remediation;

import io.iris.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;

/**
 * How an {@link AnomalyDetectionWorkflow} is started: by its Temporal Schedule {@link
 * AnomalyDetectionWorkflow#SCHEDULE_ID} only (the schedule names each run after itself and the
 * run's time; its overlap policy keeps runs from piling up).
 */
public final class AnomalyDetectionStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  private AnomalyDetectionStart() {}

  /** The options of the schedule's start action. */
  public static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(AnomalyDetectionWorkflow.SCHEDULE_ID)
        .setTaskQueue(TASK_QUEUE)
        .build();
  }
}
