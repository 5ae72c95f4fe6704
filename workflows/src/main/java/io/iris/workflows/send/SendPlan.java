package io.iris.workflows.send;

import java.time.Duration;
import java.util.List;

/**
 * How to send on a channel: the providers in order and the timings, all from configuration.
 *
 * @param providers the route, best first
 * @param receiptTimeout how long to wait for a delivery receipt once a provider took the message
 * @param maxAttemptsPerProvider tries with one provider (same idempotency key) before failing over
 * @param initialRetryInterval the first retry's delay; later ones grow by {@code backoff}
 * @param maxRetryInterval the longest delay between tries
 * @param backoff the growth of the delay
 * @param sendTimeout the longest one provider call may take
 * @param ambiguousGrace after an ambiguous outcome (no answer in time, an unreadable answer), how
 *     long to wait for the provider's receipts before asking it or deciding; null in plans recorded
 *     before it existed
 * @param failOverWhenUnsure at-least-once: after an ambiguous outcome with a provider that cannot
 *     be asked and sent no receipt, send through the next provider anyway (a duplicate is
 *     possible); false (the default) keeps at most once: the message ends {@code expired} instead
 * @param routeReason why the providers are in this order, in plain words (the router's reason,
 *     shown in the message's timeline); null in plans recorded before it existed
 */
public record SendPlan(
    List<String> providers,
    Duration receiptTimeout,
    int maxAttemptsPerProvider,
    Duration initialRetryInterval,
    Duration maxRetryInterval,
    double backoff,
    Duration sendTimeout,
    Duration ambiguousGrace,
    boolean failOverWhenUnsure,
    String routeReason) {

  /** The grace period, zero for plans recorded before it existed. */
  public Duration ambiguousGraceOrZero() {
    return ambiguousGrace == null ? Duration.ZERO : ambiguousGrace;
  }

  /** The route's reason, empty for plans recorded before it existed. */
  public String routeReasonOrEmpty() {
    return routeReason == null ? "" : routeReason;
  }
}
