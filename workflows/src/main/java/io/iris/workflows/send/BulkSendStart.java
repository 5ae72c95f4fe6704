package io.iris.workflows.send;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/**
 * How a {@link BulkSendWorkflow} is started, by every caller: its id, task queue (which its sends
 * inherit), search attributes and id-reuse policy. A batch runs once: a second start with the same
 * batch id is refused.
 */
public final class BulkSendStart {

  public static final String TASK_QUEUE = TaskQueues.SEND;

  public static final WorkflowIdReusePolicy ID_REUSE =
      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE;

  private BulkSendStart() {}

  public static io.temporal.common.SearchAttributes searchAttributes(
      String tenantId, Channel channel) {
    return io.temporal.common.SearchAttributes.newBuilder()
        .set(SearchAttributes.TENANT_ID, tenantId)
        .set(SearchAttributes.CHANNEL, channel.wireName())
        .build();
  }

  public static WorkflowOptions options(BulkSendRequest request) {
    return options(request.batchId(), request.tenantId(), request.channel());
  }

  public static WorkflowOptions options(String batchId, String tenantId, Channel channel) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(BulkSendWorkflow.workflowId(batchId))
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowIdReusePolicy(ID_REUSE)
        .setTypedSearchAttributes(searchAttributes(tenantId, channel))
        .build();
  }
}
