package io.iris.integrations.plivo;

import io.iris.workflows.send.ReceiptStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * What a Plivo {@code message_state} means here: the one mapping, read by the poll of the Message
 * resource (and by Plivo's delivery-report callbacks, should IRIS take them).
 */
final class PlivoStatuses {

  private PlivoStatuses() {}

  /** The state in our terms; empty while Plivo has not handed the message on ({@code queued}). */
  static Optional<ReceiptStatus> receiptStatus(String state) {
    return switch (state.toLowerCase(Locale.ROOT)) {
      case "sent" -> Optional.of(ReceiptStatus.SENT);
      case "delivered" -> Optional.of(ReceiptStatus.DELIVERED);
      case "undelivered" -> Optional.of(ReceiptStatus.UNDELIVERED);
      case "failed", "rejected" -> Optional.of(ReceiptStatus.FAILED);
      default -> Optional.empty(); // queued
    };
  }
}
