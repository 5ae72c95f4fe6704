package io.iris.workflows.routing;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.send.Channel;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/**
 * How a {@link FailoverReevaluationWorkflow} is started, by every trigger: by signal-with-start of
 * {@link FailoverReevaluationWorkflow#failedOver}, on the provider's one workflow id. A provider
 * fails over again after a fail-back ended, so the id may be reused once the previous run ended.
 */
public final class FailoverReevaluationStart {

  public static final String TASK_QUEUE = TaskQueues.OPERATIONS;

  public static final WorkflowIdReusePolicy ID_REUSE =
      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;

  private FailoverReevaluationStart() {}

  /** Provider and channel, for filtering in the Temporal UI. */
  public static io.temporal.common.SearchAttributes searchAttributes(
      String provider, Channel channel) {
    return io.temporal.common.SearchAttributes.newBuilder()
        .set(SearchAttributes.PROVIDER, provider)
        .set(SearchAttributes.CHANNEL, channel.wireName())
        .build();
  }

  public static WorkflowOptions options(String provider, Channel channel) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(FailoverReevaluationWorkflow.workflowId(provider, channel))
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowIdReusePolicy(ID_REUSE)
        .setTypedSearchAttributes(searchAttributes(provider, channel))
        .build();
  }
}
