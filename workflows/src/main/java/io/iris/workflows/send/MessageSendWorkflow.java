package io.iris.workflows.send;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One message, from acceptance to its final status: policy, route, provider attempts with failover
 * that neither loses nor doubles the message, and the delivery receipt. Workflow id: {@code
 * message-{messageId}}.
 */
@WorkflowInterface
public interface MessageSendWorkflow {

  static String workflowId(String messageId) {
    return "message-" + messageId;
  }

  @WorkflowMethod
  MessageState send(SendRequest request);

  /** A provider's status callback. Duplicates and out-of-order receipts are harmless. */
  @SignalMethod
  void deliveryReceipt(DeliveryReceipt receipt);

  /** Stops the send if no provider has taken the message yet. */
  @SignalMethod
  void cancel(String reason);

  /** Moves off {@code provider} (it was failed away from) if it has not taken the message yet. */
  @SignalMethod
  void switchProvider(String provider);

  @QueryMethod
  MessageState status();
}
