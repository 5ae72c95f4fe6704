package io.iris.activities.send;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing and timings of sends ({@code iris.send.*}; defaults in iris-platform.yml).
 *
 * @param routes providers per channel (wire name), best first; a health-based router will replace
 *     this static route behind the same activity
 * @param receiptTimeouts how long to wait for a delivery receipt, per channel
 * @param defaultReceiptTimeout for channels not in {@code receiptTimeouts}
 * @param maxAttemptsPerProvider tries with one provider before failing over
 * @param initialRetryInterval delay before the second try
 * @param maxRetryInterval the longest delay between tries
 * @param retryBackoff growth of the delay
 * @param providerCallTimeout the longest one provider call may take
 * @param ambiguousGrace after an ambiguous outcome, how long to wait for the provider's receipts
 *     before asking it or deciding
 * @param reconcileInterval how often the send reconciler runs
 * @param reconcileAfter how old a non-final send must be before the reconciler looks at it
 * @param reconcileBatch the most sends one reconciler run looks at
 * @param bulkPageSize sends a batch starts together
 * @param bulkPagesPerRun pages before a batch workflow continues as new
 * @param bulkMaxRecipients the largest batch accepted
 * @param outboxSweepInterval how often accepted sends still waiting for their workflow are looked
 *     for (their first start failed, or the process stopped before it)
 * @param outboxGrace how old a waiting send must be before the sweep starts it
 * @param maxConcurrentStarts workflow starts in flight at once from this process
 * @param outboxMaxAttempts start attempts before a send that Temporal keeps failing to start ends
 *     {@code failed} ({@code start_attempts_exhausted})
 * @param outboxInitialBackoff the wait after the first failed start; each further one doubles it
 * @param outboxMaxBackoff the longest wait between two start attempts
 * @param outboxSweepBatch sends one sweep claims at most
 * @param maxStartPayloadBytes the largest workflow input a send may make, as Temporal's data
 *     converter encodes it; larger sends are refused when accepted (413) and never started (the
 *     server refuses inputs above its blob size limit, 2 MB by default, and warns above 512 KB)
 */
@ConfigurationProperties("iris.send")
public record SendSettings(
    Map<String, List<String>> routes,
    Map<String, Duration> receiptTimeouts,
    Duration defaultReceiptTimeout,
    int maxAttemptsPerProvider,
    Duration initialRetryInterval,
    Duration maxRetryInterval,
    double retryBackoff,
    Duration providerCallTimeout,
    Duration ambiguousGrace,
    Duration reconcileInterval,
    Duration reconcileAfter,
    int reconcileBatch,
    int bulkPageSize,
    int bulkPagesPerRun,
    int bulkMaxRecipients,
    Duration outboxSweepInterval,
    Duration outboxGrace,
    int maxConcurrentStarts,
    int outboxMaxAttempts,
    Duration outboxInitialBackoff,
    Duration outboxMaxBackoff,
    int outboxSweepBatch,
    int maxStartPayloadBytes) {

  public List<String> route(String channel) {
    return routes == null ? List.of() : routes.getOrDefault(channel, List.of());
  }

  public Duration receiptTimeout(String channel) {
    return receiptTimeouts == null
        ? defaultReceiptTimeout
        : receiptTimeouts.getOrDefault(channel, defaultReceiptTimeout);
  }
}
