package io.iris.activities.send.provider;

import io.iris.workflows.send.Channel;

/**
 * One provider's real API, spoken over HTTP. Implementations are stateless Spring beans; they never
 * log credentials or message bodies, and they translate every failure into a {@link
 * ProviderException} whose {@link ProviderException.Kind} says whether to retry, fail over or stop.
 */
public interface ProviderAdapter {

  /** The provider's name as used in routes, config and the simulator, e.g. "twilio". */
  String name();

  Channel channel();

  /**
   * Hands the message to the provider. The message's {@code idempotencyKey} is passed on in the
   * provider's idempotency header where it has one, so a retry after a timeout cannot send twice.
   *
   * @throws ProviderException on any failure
   */
  ProviderAcceptance send(OutboundMessage message);

  /**
   * Asks the provider what became of a message after an ambiguous failure (a timeout), before it is
   * sent elsewhere. The default says the provider cannot be asked.
   */
  default Reconciliation reconcile(OutboundMessage message) {
    return Reconciliation.unsupported();
  }

  /**
   * Asks the provider for the delivery status of a message it accepted, for providers whose
   * receipts we do not receive as callbacks. Empty when the provider cannot be asked.
   */
  default java.util.Optional<io.iris.workflows.send.ReceiptStatus> deliveryStatus(
      String providerMessageId) {
    return java.util.Optional.empty();
  }
}
