package io.iris.activities.routing;

import io.iris.workflows.send.Channel;
import java.util.Objects;

/**
 * One timed provider call ({@code adapter.send}), retries included: each try is a call.
 *
 * @param provider the provider's configured name
 * @param channel the channel of the message
 * @param outcome how it ended
 * @param latencyMs how long the call took, in milliseconds
 * @param atMillis when it ended (epoch milliseconds, from the Spring {@code Clock})
 */
public record ProviderCall(
    String provider, Channel channel, CallOutcome outcome, long latencyMs, long atMillis) {

  public ProviderCall {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(outcome, "outcome");
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must not be negative, got " + latencyMs);
    }
  }
}
