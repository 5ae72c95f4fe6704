package io.iris.workflows.send;

import io.iris.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;

/**
 * How a {@link SendReconciliationWorkflow} is started: by its Temporal Schedule {@link
 * SendReconciliationWorkflow#SCHEDULE_ID} only. The schedule names each run after itself (the id
 * plus the run's time) and its overlap policy, not an id-reuse policy, keeps runs from piling up;
 * it has no search attributes of its own.
 */
public final class SendReconciliationStart {

  public static final String TASK_QUEUE = TaskQueues.SEND;

  private SendReconciliationStart() {}

  /** The options of the schedule's start action. */
  public static WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(SendReconciliationWorkflow.SCHEDULE_ID)
        .setTaskQueue(TASK_QUEUE)
        .build();
  }
}
