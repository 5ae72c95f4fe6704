package io.iris.api.send;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.send.BulkSendRequest;
import io.iris.workflows.send.BulkSendWorkflow;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.MessageStatus;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import org.springframework.stereotype.Component;

/**
 * Starts sends and batches as workflows; starting twice is harmless (business id = workflow id).
 */
@Component
public class SendWorkflows {

  private final WorkflowClient client;
  private final boolean eagerStart;

  public SendWorkflows(
      WorkflowClient client,
      @org.springframework.beans.factory.annotation.Value("${iris.temporal.workers-enabled}")
          boolean workersHere,
      @org.springframework.beans.factory.annotation.Value("${iris.temporal.eager-start}")
          boolean eagerStart) {
    this.client = client;
    // Eager start needs a worker in this process to hand the first task to.
    this.eagerStart = workersHere && eagerStart;
  }

  /** Starts the send unless it runs or ran already. */
  public void startSend(SendRequest request) {
    MessageSendWorkflow workflow =
        client.newWorkflowStub(
            MessageSendWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(MessageSendWorkflow.workflowId(request.messageId()))
                .setTaskQueue(TaskQueues.SEND)
                // Eager start: when this process runs a worker, the server hands the first
                // workflow task straight back with the start, saving a poll and a match.
                .setDisableEagerExecution(!eagerStart)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(
                    io.temporal.common.SearchAttributes.newBuilder()
                        .set(SearchAttributes.TENANT_ID, request.tenantId())
                        .set(SearchAttributes.CHANNEL, request.channel().wireName())
                        .set(SearchAttributes.MESSAGE_STATUS, MessageStatus.ACCEPTED.wireName())
                        .build())
                .build());
    try {
      WorkflowClient.start(workflow::send, request);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      // The same message, started by an earlier or concurrent request: nothing to do.
    }
  }

  /**
   * Signals the send's workflow to stop before a provider takes the message. False when there is no
   * such workflow running (never started, or ended).
   */
  public boolean cancelSend(String messageId, String reason) {
    try {
      client
          .newWorkflowStub(MessageSendWorkflow.class, MessageSendWorkflow.workflowId(messageId))
          .cancel(reason);
      return true;
    } catch (WorkflowNotFoundException notRunning) {
      return false;
    }
  }

  public void startBatch(BulkSendRequest request) {
    BulkSendWorkflow workflow =
        client.newWorkflowStub(
            BulkSendWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BulkSendWorkflow.workflowId(request.batchId()))
                .setTaskQueue(TaskQueues.SEND)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(
                    io.temporal.common.SearchAttributes.newBuilder()
                        .set(SearchAttributes.TENANT_ID, request.tenantId())
                        .set(SearchAttributes.CHANNEL, request.channel().wireName())
                        .build())
                .build());
    try {
      WorkflowClient.start(workflow::run, request);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      // Already running: nothing to do.
    }
  }
}
