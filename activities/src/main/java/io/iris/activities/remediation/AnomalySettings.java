package io.iris.activities.remediation;

import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.remediation.Observations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Anomaly detection ({@code iris.anomaly.*}; defaults in iris-platform.yml).
 *
 * @param enabled {@code IRIS_ANOMALY_ENABLED}: false, and the Schedule is not created, a triggered
 *     run judges nothing, and failovers trigger nothing
 * @param detectionInterval how often the Schedule {@code anomaly-detection} runs ({@code
 *     IRIS_ANOMALY_DETECTION_INTERVAL})
 * @param currentWindow the window the delivery and latency rules judge, and within which a failover
 *     is an outage ({@code IRIS_ANOMALY_CURRENT_WINDOW})
 * @param baselineWindow the hourly baseline's length ({@code IRIS_ANOMALY_BASELINE_WINDOW})
 * @param baselineMinBuckets complete hours a baseline needs ({@code
 *     IRIS_ANOMALY_BASELINE_MIN_BUCKETS})
 * @param minOutcomes known outcomes a delivery rate needs ({@code IRIS_ANOMALY_MIN_OUTCOMES})
 * @param minCalls calls a latency needs ({@code IRIS_ANOMALY_MIN_CALLS})
 * @param deliveryDropBelow {@code IRIS_ANOMALY_DELIVERY_DROP_BELOW}, percent
 * @param deliveryExpectedAbove {@code IRIS_ANOMALY_DELIVERY_EXPECTED_ABOVE}, percent
 * @param latencyFactor {@code IRIS_ANOMALY_LATENCY_FACTOR}
 * @param latencyThresholds per channel (wire name), the p95 call latency that is normal ({@code
 *     IRIS_ANOMALY_LATENCY_THRESHOLD} for every channel unless set apart)
 * @param costWindow {@code IRIS_ANOMALY_COST_WINDOW}
 * @param costFactor {@code IRIS_ANOMALY_COST_FACTOR}
 * @param costMinUsdPerHour {@code IRIS_ANOMALY_COST_MIN_USD_PER_HOUR}
 * @param stddevFactor {@code IRIS_ANOMALY_STDDEV_FACTOR}
 * @param minDeviationPoints {@code IRIS_ANOMALY_MIN_DEVIATION_POINTS}
 * @param backlogMaxAge {@code IRIS_ANOMALY_BACKLOG_MAX_AGE}
 * @param backlogQueues the task queues watched ({@code IRIS_ANOMALY_BACKLOG_QUEUES})
 * @param noisyWindow {@code IRIS_ANOMALY_NOISY_WINDOW}
 * @param noisyFactor {@code IRIS_ANOMALY_NOISY_FACTOR}
 * @param noisyMinMessages {@code IRIS_ANOMALY_NOISY_MIN_MESSAGES}
 * @param noisyTop how many of the busiest tenants are judged ({@code IRIS_ANOMALY_NOISY_TOP})
 * @param clearAfter runs in a row an anomaly must be absent to clear ({@code
 *     IRIS_ANOMALY_CLEAR_AFTER})
 * @param retention how long resolved anomalies are kept ({@code IRIS_ANOMALY_RETENTION})
 * @param triggerOnFailover run the detection at once after a breaker, outage or score failover
 *     ({@code IRIS_ANOMALY_TRIGGER_ON_FAILOVER})
 * @param triggerDebounce at most one such trigger per process this often ({@code
 *     IRIS_ANOMALY_TRIGGER_DEBOUNCE})
 */
@ConfigurationProperties("iris.anomaly")
public record AnomalySettings(
    boolean enabled,
    Duration detectionInterval,
    Duration currentWindow,
    Duration baselineWindow,
    int baselineMinBuckets,
    long minOutcomes,
    long minCalls,
    BigDecimal deliveryDropBelow,
    BigDecimal deliveryExpectedAbove,
    BigDecimal latencyFactor,
    Map<String, Duration> latencyThresholds,
    Duration costWindow,
    BigDecimal costFactor,
    BigDecimal costMinUsdPerHour,
    BigDecimal stddevFactor,
    BigDecimal minDeviationPoints,
    Duration backlogMaxAge,
    List<String> backlogQueues,
    Duration noisyWindow,
    BigDecimal noisyFactor,
    long noisyMinMessages,
    int noisyTop,
    int clearAfter,
    Duration retention,
    boolean triggerOnFailover,
    Duration triggerDebounce) {

  public AnomalySettings {
    requirePositive("iris.anomaly.detection-interval", detectionInterval);
    requirePositive("iris.anomaly.current-window", currentWindow);
    requirePositive("iris.anomaly.baseline-window", baselineWindow);
    requirePositive("iris.anomaly.cost-window", costWindow);
    requirePositive("iris.anomaly.backlog-max-age", backlogMaxAge);
    requirePositive("iris.anomaly.noisy-window", noisyWindow);
    requirePositive("iris.anomaly.retention", retention);
    requirePositive("iris.anomaly.trigger-debounce", triggerDebounce);
    requireAtLeast("iris.anomaly.baseline-min-buckets", baselineMinBuckets, 2);
    requireAtLeast("iris.anomaly.min-outcomes", minOutcomes, 1);
    requireAtLeast("iris.anomaly.min-calls", minCalls, 1);
    requireAtLeast("iris.anomaly.noisy-min-messages", noisyMinMessages, 1);
    requireAtLeast("iris.anomaly.noisy-top", noisyTop, 1);
    requireAtLeast("iris.anomaly.clear-after", clearAfter, 1);
    requirePercent("iris.anomaly.delivery-drop-below", deliveryDropBelow);
    requirePercent("iris.anomaly.delivery-expected-above", deliveryExpectedAbove);
    requirePositive("iris.anomaly.latency-factor", latencyFactor);
    requirePositive("iris.anomaly.cost-factor", costFactor);
    requirePositive("iris.anomaly.cost-min-usd-per-hour", costMinUsdPerHour);
    requirePositive("iris.anomaly.stddev-factor", stddevFactor);
    requirePositive("iris.anomaly.min-deviation-points", minDeviationPoints);
    requirePositive("iris.anomaly.noisy-factor", noisyFactor);
    latencyThresholds = latencyThresholds == null ? Map.of() : Map.copyOf(latencyThresholds);
    latencyThresholds.forEach(
        (channel, t) -> requirePositive("iris.anomaly.latency-thresholds." + channel, t));
    backlogQueues =
        backlogQueues == null
            ? List.of(TaskQueues.SEND, TaskQueues.INCIDENT, TaskQueues.OPERATIONS)
            : backlogQueues.stream().map(String::trim).filter(q -> !q.isEmpty()).toList();
  }

  /** The channel's normal p95 call latency, in milliseconds (1 s where none is configured). */
  public double latencyThresholdMs(String channel) {
    Duration t = latencyThresholds.get(channel);
    return t == null ? 1000 : t.toMillis();
  }

  /** The rules' settings, with the failover outage rule's ({@code iris.failover.outage.*}). */
  public Observations.Settings rules(long outageMinAttempts, BigDecimal outageDeliveryRate) {
    return new Observations.Settings(
        currentWindow.toMillis(),
        minOutcomes,
        minCalls,
        deliveryDropBelow,
        deliveryExpectedAbove,
        baselineMinBuckets,
        latencyFactor,
        costFactor,
        costMinUsdPerHour,
        stddevFactor,
        minDeviationPoints,
        outageMinAttempts,
        outageDeliveryRate,
        backlogMaxAge.toMillis(),
        noisyFactor,
        noisyMinMessages);
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
    }
  }

  private static void requirePositive(String key, BigDecimal value) {
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }

  private static void requirePercent(String key, BigDecimal value) {
    Objects.requireNonNull(value, key);
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(key + " must be from 0 to 100, got " + value);
    }
  }

  private static void requireAtLeast(String key, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(key + " must be at least " + least + ", got " + value);
    }
  }
}
