package io.iris.workflows.send;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.ChildWorkflowOptions;

/**
 * How a {@link MessageSendWorkflow} is started, by every caller (the API and its outbox sweep, a
 * batch's children, tests): its id, task queue, search attributes and id-reuse policy. A message is
 * sent once: a second start with the same message id is refused (the caller treats the refusal as
 * "already started").
 */
public final class MessageSendStart {

  public static final String TASK_QUEUE = TaskQueues.SEND;

  /** The message id is the workflow id, never reused: a send that ended is not sent again. */
  public static final WorkflowIdReusePolicy ID_REUSE =
      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE;

  private MessageSendStart() {}

  /** Tenant, channel and the opening status, for filtering in the Temporal UI. */
  public static io.temporal.common.SearchAttributes searchAttributes(SendRequest request) {
    return io.temporal.common.SearchAttributes.newBuilder()
        .set(SearchAttributes.TENANT_ID, request.tenantId())
        .set(SearchAttributes.CHANNEL, request.channel().wireName())
        .set(SearchAttributes.MESSAGE_STATUS, MessageStatus.ACCEPTED.wireName())
        .build();
  }

  /**
   * A start by a client.
   *
   * @param eagerStart ask the server to hand the first workflow task straight back with the start
   *     (only when this process runs a worker for {@link #TASK_QUEUE}), saving a poll and a match
   */
  public static WorkflowOptions options(SendRequest request, boolean eagerStart) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(MessageSendWorkflow.workflowId(request.messageId()))
        .setTaskQueue(TASK_QUEUE)
        .setDisableEagerExecution(!eagerStart)
        .setWorkflowIdReusePolicy(ID_REUSE)
        .setTypedSearchAttributes(searchAttributes(request))
        .build();
  }

  /**
   * A start as a batch's child. The task queue is the batch's own ({@link BulkSendStart} puts it on
   * {@link #TASK_QUEUE}); the send outlives the batch's run (which continues as new).
   */
  public static ChildWorkflowOptions childOptions(SendRequest request) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(MessageSendWorkflow.workflowId(request.messageId()))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setWorkflowIdReusePolicy(ID_REUSE)
        .setTypedSearchAttributes(searchAttributes(request))
        .build();
  }
}
