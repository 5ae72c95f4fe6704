package io.iris.integrations.spi;

import io.iris.workflows.send.Channel;
import io.iris.workflows.send.Recipients;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
   * Whether {@code iris.providers.<name>.enabled} is true. A provider whose settings are missing
   * altogether (its yml block not imported) is disabled.
   */
  boolean enabled();

  /**
   * Why {@code to} cannot be this provider's recipient, under the one rule ({@link Recipients});
   * empty when it can. Providers whose rule depends on their settings (allowed hosts, private
   * addresses) pass those in.
   */
  default Optional<String> recipientProblem(String to) {
    return Recipients.problem(channel(), to, NO_URL_RULES);
  }

  /** The rule without configured URL allowances: no Teams host, no private webhook address. */
  Recipients.Rules NO_URL_RULES = new Recipients.Rules(List.of(), false);

  /**
   * Hands the message to the provider. The message's {@code idempotencyKey} is passed on where the
   * provider takes one; whether a repeat with it is dropped is {@link #dropsRepeatedSends()}.
   *
   * @throws ProviderException on any failure; {@code TIMEOUT} when the provider may have taken the
   *     message (no answer in time, a connection broken after the request left, an answer that
   *     cannot be read)
   */
  ProviderAcceptance send(OutboundMessage message);

  /**
   * Whether the receiving side drops a repeated send with the same idempotency key, so that a send
   * whose outcome is unknown may simply be tried again. None of the SMS, email, chat or push
   * providers documents such a key for sending (see docs/delivery-guarantees.md); the default is
   * false, and a {@code TIMEOUT} is then not retried with the same provider.
   */
  default boolean dropsRepeatedSends() {
    return false;
  }

  /**
   * Asks the provider whether it has the message, after a send whose outcome is unknown, before it
   * is sent anywhere else. The default says the provider cannot be asked.
   *
   * @param since no copy of this message can be older: when we accepted it, less the allowed
   *     difference between our clock and the provider's
   * @return {@code FOUND} with the provider's id; {@code NOT_FOUND} only when the provider answered
   *     in full and has no such message; {@code UNSUPPORTED} when it cannot be asked, or its answer
   *     cannot settle it
   * @throws ProviderException when asking failed: a failure is never an answer, the caller retries
   *     or treats the outcome as unknown
   */
  default Reconciliation reconcile(OutboundMessage message, Instant since) {
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
