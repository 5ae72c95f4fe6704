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
 */
public record SendPlan(
    List<String> providers,
    Duration receiptTimeout,
    int maxAttemptsPerProvider,
    Duration initialRetryInterval,
    Duration maxRetryInterval,
    double backoff,
    Duration sendTimeout) {}
