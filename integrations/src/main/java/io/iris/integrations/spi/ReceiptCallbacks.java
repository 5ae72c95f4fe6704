package io.iris.integrations.spi;

import java.util.List;

/**
 * One provider's delivery-receipt callbacks: where they arrive, how they are authenticated, what
 * they say. Implemented in the provider's package next to its adapter, so that the path the adapter
 * hands out and the path the edge listens on are one constant, and the callback's statuses are read
 * with the same mapping as the adapter's poll.
 */
public interface ReceiptCallbacks {

  /** The provider's name, as its adapter's. */
  String provider();

  /** The public path the callbacks are posted to, e.g. {@code /webhooks/twilio/status}. */
  String path();

  /**
   * Authenticates the callback first, then reads it.
   *
   * @return the receipts to pass on, in order; empty for a callback that says nothing new (it is
   *     still acknowledged)
   * @throws CallbackRejection when it cannot be authenticated or read; nothing of it is passed on
   */
  List<ReceivedReceipt> receive(CallbackRequest request);
}
