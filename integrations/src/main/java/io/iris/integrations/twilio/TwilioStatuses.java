package io.iris.integrations.twilio;

import io.iris.workflows.send.ReceiptStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * What a Twilio Message status means here: the one mapping, read by the status callback and by the
 * poll of the Message resource alike.
 *
 * <p>{@code read} is a read receipt (WhatsApp, RCS), which Twilio reports only after the message
 * reached the handset: it proves delivery as much as {@code delivered} does, and it may be the only
 * proof that arrives (callbacks are not ordered, and a lost {@code delivered} is not resent).
 */
final class TwilioStatuses {

  /** Statuses that say nothing new: earlier steps and inbound messages. */
  private static final java.util.Set<String> NO_NEWS =
      java.util.Set.of("accepted", "scheduled", "queued", "sending", "receiving", "received");

  private TwilioStatuses() {}

  /**
   * The status in our terms; empty for the statuses that say nothing new and for statuses this
   * mapping does not know ({@link #known} tells them apart).
   */
  static Optional<ReceiptStatus> receiptStatus(String twilioStatus) {
    return switch (twilioStatus.toLowerCase(Locale.ROOT)) {
      case "sent" -> Optional.of(ReceiptStatus.SENT);
      case "delivered", "read" -> Optional.of(ReceiptStatus.DELIVERED);
      case "undelivered" -> Optional.of(ReceiptStatus.UNDELIVERED);
      case "failed", "canceled" -> Optional.of(ReceiptStatus.FAILED);
      default -> Optional.empty();
    };
  }

  /** Whether the mapping knows the status (a callback with any other is refused, naming it). */
  static boolean known(String twilioStatus) {
    String status = twilioStatus.toLowerCase(Locale.ROOT);
    return NO_NEWS.contains(status) || receiptStatus(status).isPresent();
  }
}
