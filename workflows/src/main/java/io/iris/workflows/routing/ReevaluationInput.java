package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import java.util.Objects;

/**
 * The input of a {@code FailoverReevaluationWorkflow} run.
 *
 * @param provider the provider's configured name
 * @param channel the channel it failed over on
 * @param policy how it drains, waits, checks and fails back (every setting as data)
 * @param carried where a previous run stood when it continued as new; for a first run, its opening
 *     state ({@link #opening})
 * @param resumed true for a run continued from a previous one: it marks nothing again and goes on
 *     from {@code carried}
 */
public record ReevaluationInput(
    String provider,
    Channel channel,
    FailbackPolicy policy,
    ReevaluationState carried,
    boolean resumed) {

  public ReevaluationInput {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(carried, "carried");
    if (provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
  }

  /** A first run: it waits for its {@code failedOver} signal (which comes with the start). */
  public static ReevaluationInput opening(String provider, Channel channel, FailbackPolicy policy) {
    return new ReevaluationInput(
        provider,
        channel,
        policy,
        new ReevaluationState(ReevaluationState.Phase.MARKING, 0, 0, 0, 0, "", "", 0, 0),
        false);
  }
}
