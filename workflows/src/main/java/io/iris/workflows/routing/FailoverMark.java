package io.iris.workflows.routing;

/**
 * What marking a provider failed over found.
 *
 * @param alternativeExists whether another provider of the channel is usable; without one, the
 *     provider stays the channel's last resort and nothing is drained
 * @param sinceMillis when the provider's failed-over state began (epoch milliseconds): the
 *     fail-back checks read only metrics after it, so the outage's own failures do not count again
 */
public record FailoverMark(boolean alternativeExists, long sinceMillis) {

  public FailoverMark {
    if (sinceMillis < 0) {
      throw new IllegalArgumentException("sinceMillis must not be negative");
    }
  }
}
