package io.iris.integrations.telnyx;

import io.iris.workflows.send.ReceiptStatus;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a Telnyx recipient status ({@code to[].status}) means here: the one mapping, read by the
 * {@code message.finalized} webhook and by the poll of the message alike.
 *
 * <p>{@code delivery_unconfirmed} is final at Telnyx but says only that the carrier gave no word of
 * delivery either way (many never send delivery receipts, MMS rarely has them). It is neither a
 * delivery nor a failure, so it stays {@code SENT}: not final here. The message then waits for its
 * receipt timeout, is asked about once more, and ends {@code expired} (no proof of delivery), as
 * any message without a receipt does; it is not counted as a failed delivery against the provider,
 * and nothing is sent again elsewhere.
 */
final class TelnyxStatuses {

  /** Steps before the message left Telnyx: nothing to say yet. */
  private static final Set<String> NO_NEWS = Set.of("scheduled", "queued", "sending");

  private TelnyxStatuses() {}

  /**
   * The status in our terms; empty for the statuses that say nothing new and for statuses this
   * mapping does not know ({@link #known} tells them apart).
   */
  static Optional<ReceiptStatus> receiptStatus(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "sent", "delivery_unconfirmed" -> Optional.of(ReceiptStatus.SENT);
      case "delivered" -> Optional.of(ReceiptStatus.DELIVERED);
      case "delivery_failed", "expired" -> Optional.of(ReceiptStatus.UNDELIVERED);
      case "sending_failed", "cancelled" -> Optional.of(ReceiptStatus.FAILED);
      default -> Optional.empty();
    };
  }

  /** Whether the mapping knows the status (a webhook with any other is refused, naming it). */
  static boolean known(String status) {
    String s = status.toLowerCase(Locale.ROOT);
    return NO_NEWS.contains(s) || receiptStatus(s).isPresent();
  }
}
