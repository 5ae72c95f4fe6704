package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import java.util.Objects;

/**
 * One request to fail a provider over on a channel: the payload of {@code
 * FailoverReevaluationWorkflow}'s {@code failedOver} signal (signal-with-start, so every trigger
 * meets the one workflow of that provider and channel).
 *
 * @param failoverId names this failover: the audit row's event key is {@code failover:{id}}, the
 *     fail-back steps' are {@code failback:{id}:{step}}
 * @param provider the provider's configured name (e.g. {@code twilio})
 * @param channel the channel it fails over on
 * @param trigger what asked for it
 * @param reason in plain words, for the audit row, the routing state and the message timelines
 *     (e.g. "7 of the last 10 calls failed within 30s")
 * @param actorKeyId the API key of the operator for a {@link FailoverTrigger#MANUAL} failover; ""
 *     for the platform's own triggers
 * @param atMillis when it was asked for (epoch milliseconds)
 */
public record FailoverRequest(
    String failoverId,
    String provider,
    Channel channel,
    FailoverTrigger trigger,
    String reason,
    String actorKeyId,
    long atMillis) {

  public FailoverRequest {
    requireText("failoverId", failoverId);
    requireText("provider", provider);
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(trigger, "trigger");
    requireText("reason", reason);
    Objects.requireNonNull(actorKeyId, "actorKeyId");
    if (trigger == FailoverTrigger.MANUAL && actorKeyId.isBlank()) {
      throw new IllegalArgumentException("a manual failover names the actor's key");
    }
  }

  /** The audit event key of this failover, written once. */
  public String eventKey() {
    return "failover:" + failoverId;
  }

  private static void requireText(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
