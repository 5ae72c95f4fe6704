package io.iris.api.send;

import io.iris.activities.send.MessageStore;
import io.iris.activities.send.MessageStore.Message;
import io.iris.activities.send.SuppressionList;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.ReceiptStatus;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Receipts become signals to the send's workflow. A receipt for a send that has ended (a late
 * complaint, a duplicate) still suppresses the recipient when it says to.
 */
@Component
class ReceiptSignals implements ReceiptDispatcher {

  private static final Logger log = LoggerFactory.getLogger(ReceiptSignals.class);

  private final WorkflowClient client;
  private final MessageStore messages;
  private final SuppressionList suppressions;

  ReceiptSignals(WorkflowClient client, MessageStore messages, SuppressionList suppressions) {
    this.client = client;
    this.messages = messages;
    this.suppressions = suppressions;
  }

  /**
   * A non-final receipt matters while the send has not recorded this provider as the one that took
   * the message (a timeout, an unreadable answer, retries): it proves the provider has it.
   */
  private static boolean stillDeciding(Message message, DeliveryReceipt receipt) {
    return !"sent".equals(message.status()) || !receipt.provider().equals(message.provider());
  }

  @Override
  public Outcome dispatch(UUID messageId, DeliveryReceipt receipt) {
    Optional<Message> message = messages.findById(messageId);
    if (message.isEmpty()) {
      return Outcome.UNKNOWN_MESSAGE;
    }
    if (receipt.status() == ReceiptStatus.SENT && !stillDeciding(message.get(), receipt)) {
      return Outcome.NOT_FINAL;
    }
    WorkflowSignals.Outcome signal =
        WorkflowSignals.signal(
            client,
            MessageSendWorkflow.class,
            MessageSendWorkflow.workflowId(messageId.toString()),
            wf -> wf.deliveryReceipt(receipt));
    if (signal == WorkflowSignals.Outcome.SIGNALLED) {
      return Outcome.SIGNALLED;
    }
    // The send has ended: the receipt can only suppress.
    Message m = message.get();
    if (receipt.status() == ReceiptStatus.BOUNCED || receipt.status() == ReceiptStatus.COMPLAINED) {
      suppressions.add(
          m.tenantId(),
          m.channel(),
          m.recipient(),
          receipt.status() == ReceiptStatus.BOUNCED ? "bounce" : "complaint",
          receipt.provider() + " reported " + receipt.status().name().toLowerCase());
    }
    log.info(
        "message {}: {} receipt {} after the send ended",
        messageId,
        receipt.provider(),
        receipt.status());
    return Outcome.RECORDED_AFTER_COMPLETION;
  }
}
