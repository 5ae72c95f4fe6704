package io.iris.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * A message a simulated provider accepted. Only its status changes, as the provider's story unfolds
 * after acceptance.
 *
 * @param outcome what the provider will finally report (the behavior when the message came in)
 * @param details provider-specific data the story and lookups need (callback URL, account, …)
 */
record ReceivedMessage(
    String id,
    Incoming request,
    Instant receivedAt,
    ReceiptOutcome outcome,
    Map<String, String> details,
    MutableStatus status) {

  /** The one moving part of a received message. */
  static final class MutableStatus {
    private volatile String value;

    MutableStatus(String value) {
      this.value = value;
    }

    String get() {
      return value;
    }

    void set(String value) {
      this.value = value;
    }
  }

  String detail(String name) {
    return details.getOrDefault(name, "");
  }

  SimulatedMessage view(int attempts) {
    return new SimulatedMessage(
        id,
        request.to(),
        request.from(),
        request.subject(),
        request.body(),
        request.idempotencyKey(),
        receivedAt,
        status.get(),
        attempts);
  }
}
