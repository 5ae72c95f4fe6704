package io.iris.integrations.sendgrid;

import io.iris.workflows.send.ReceiptStatus;
import java.util.Optional;

/**
 * What a SendGrid event means here. SendGrid has no status to poll (its Email Activity API is a
 * paid add-on), so the Event Webhook is the only reader of this mapping.
 */
final class SendGridStatuses {

  private SendGridStatuses() {}

  /** The event in our terms; empty for engagement and in-flight events (processed, deferred, …). */
  static Optional<ReceiptStatus> receiptStatus(String event, String type) {
    return switch (event) {
      case "delivered" -> Optional.of(ReceiptStatus.DELIVERED);
      // "blocked" is the receiving server refusing this message, not the address being invalid.
      case "bounce" ->
          Optional.of("blocked".equals(type) ? ReceiptStatus.UNDELIVERED : ReceiptStatus.BOUNCED);
      case "dropped" -> Optional.of(ReceiptStatus.FAILED);
      case "spamreport" -> Optional.of(ReceiptStatus.COMPLAINED);
      default -> Optional.empty();
    };
  }
}
