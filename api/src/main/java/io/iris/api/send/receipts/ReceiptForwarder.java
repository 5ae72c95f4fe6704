package io.iris.api.send.receipts;

import io.iris.api.send.ReceiptDispatcher;
import io.iris.api.webhook.RecentIds;
import io.iris.integrations.spi.ReceiptSettings;
import io.iris.workflows.send.DeliveryReceipt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Passes verified receipts on to their sends, once per provider event id as far as it remembers. A
 * receipt for a message we do not know is logged and otherwise accepted, so the provider stops
 * retrying it.
 */
@Component
class ReceiptForwarder {

  private static final Logger log = LoggerFactory.getLogger(ReceiptForwarder.class);

  private final ReceiptDispatcher dispatcher;
  private final RecentIds recent;

  ReceiptForwarder(ReceiptDispatcher dispatcher, ReceiptSettings settings) {
    this.dispatcher = dispatcher;
    this.recent = new RecentIds(settings.recentEventCapacity());
  }

  void forward(UUID messageId, DeliveryReceipt receipt) {
    String eventKey =
        receipt.eventId().isEmpty() ? null : receipt.provider() + ":" + receipt.eventId();
    if (eventKey != null && recent.contains(eventKey)) {
      log.debug(
          "Duplicate {} receipt dropped: messageId={} eventId={}",
          receipt.provider(),
          messageId,
          receipt.eventId());
      return;
    }
    ReceiptDispatcher.Outcome outcome = dispatcher.dispatch(messageId, receipt);
    // Remembered only once handed on: if dispatching failed, the provider's retry must get through.
    if (eventKey != null) {
      recent.remember(eventKey);
    }
    if (outcome == ReceiptDispatcher.Outcome.UNKNOWN_MESSAGE) {
      log.warn(
          "{} receipt for an unknown message accepted and dropped: messageId={}"
              + " providerMessageId={} status={} eventId={}",
          receipt.provider(),
          messageId,
          receipt.providerMessageId(),
          receipt.status(),
          receipt.eventId());
    } else {
      log.debug(
          "{} receipt {}: messageId={} providerMessageId={} status={} eventId={}",
          receipt.provider(),
          outcome.name().toLowerCase(java.util.Locale.ROOT),
          messageId,
          receipt.providerMessageId(),
          receipt.status(),
          receipt.eventId());
    }
  }
}
