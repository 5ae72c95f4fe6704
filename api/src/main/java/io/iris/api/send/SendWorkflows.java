package io.iris.api.send;

import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.send.BulkSendRequest;
import io.iris.workflows.send.BulkSendStart;
import io.iris.workflows.send.BulkSendWorkflow;
import io.iris.workflows.send.MessageSendStart;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.SendRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
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
            MessageSendWorkflow.class, MessageSendStart.options(request, eagerStart));
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
    return WorkflowSignals.signal(
            client,
            MessageSendWorkflow.class,
            MessageSendWorkflow.workflowId(messageId),
            wf -> wf.cancel(reason))
        == WorkflowSignals.Outcome.SIGNALLED;
  }

  public void startBatch(BulkSendRequest request) {
    BulkSendWorkflow workflow =
        client.newWorkflowStub(BulkSendWorkflow.class, BulkSendStart.options(request));
    try {
      WorkflowClient.start(workflow::run, request);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      // Already running: nothing to do.
    }
  }
}
