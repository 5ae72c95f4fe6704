package io.iris.workflows.remediation;

import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Everything one anomaly detection judges, as {@code AnomalyActivities.observe} read it. The
 * statistics (means, sample standard deviations) are computed by the activity; {@link AnomalyRules}
 * only compares numbers.
 *
 * @param atMillis the run's time (workflow time, epoch milliseconds)
 * @param enabled whether detection is on ({@code IRIS_ANOMALY_ENABLED}); off, nothing is judged
 * @param settings the rules' thresholds and evidence minimums
 * @param providers each enabled provider of each channel
 * @param costs each channel's recent cost against its forecast
 * @param tenants the tenants' recent volumes
 * @param backlogs each watched task queue's backlog, per task type
 */
public record Observations(
    long atMillis,
    boolean enabled,
    Settings settings,
    List<ProviderWindow> providers,
    List<ChannelCost> costs,
    TenantVolumes tenants,
    List<QueueBacklog> backlogs) {

  public Observations {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(tenants, "tenants");
    providers = providers == null ? List.of() : List.copyOf(providers);
    costs = costs == null ? List.of() : List.copyOf(costs);
    backlogs = backlogs == null ? List.of() : List.copyOf(backlogs);
  }

  /**
   * The rules' settings ({@code iris.anomaly.*}, and the outage rule's {@code
   * iris.failover.outage.*} so both agree).
   *
   * @param currentWindowMillis {@code IRIS_ANOMALY_CURRENT_WINDOW}: a failover inside it is a
   *     provider outage
   * @param minOutcomes {@code IRIS_ANOMALY_MIN_OUTCOMES}: known outcomes a delivery rate needs
   * @param minCalls {@code IRIS_ANOMALY_MIN_CALLS}: calls a latency needs
   * @param deliveryDropBelow {@code IRIS_ANOMALY_DELIVERY_DROP_BELOW}, percent
   * @param deliveryExpectedAbove {@code IRIS_ANOMALY_DELIVERY_EXPECTED_ABOVE}, percent
   * @param baselineMinBuckets {@code IRIS_ANOMALY_BASELINE_MIN_BUCKETS}: hourly values a baseline
   *     needs
   * @param latencyFactor {@code IRIS_ANOMALY_LATENCY_FACTOR}
   * @param costFactor {@code IRIS_ANOMALY_COST_FACTOR}
   * @param costMinUsdPerHour {@code IRIS_ANOMALY_COST_MIN_USD_PER_HOUR}: a smaller forecast is not
   *     judged
   * @param stddevFactor {@code IRIS_ANOMALY_STDDEV_FACTOR}
   * @param minDeviationPoints {@code IRIS_ANOMALY_MIN_DEVIATION_POINTS}: the least distance under
   *     the mean that counts, in percentage points (so a σ of 0 does not fire on 99.9 against 100)
   * @param outageMinAttempts {@code IRIS_FAILOVER_OUTAGE_MIN_ATTEMPTS}
   * @param outageDeliveryRatePercent {@code IRIS_FAILOVER_OUTAGE_DELIVERY_RATE}
   * @param backlogMaxAgeMillis {@code IRIS_ANOMALY_BACKLOG_MAX_AGE}
   * @param noisyFactor {@code IRIS_ANOMALY_NOISY_FACTOR}
   * @param noisyMinMessages {@code IRIS_ANOMALY_NOISY_MIN_MESSAGES}
   */
  public record Settings(
      long currentWindowMillis,
      long minOutcomes,
      long minCalls,
      BigDecimal deliveryDropBelow,
      BigDecimal deliveryExpectedAbove,
      int baselineMinBuckets,
      BigDecimal latencyFactor,
      BigDecimal costFactor,
      BigDecimal costMinUsdPerHour,
      BigDecimal stddevFactor,
      BigDecimal minDeviationPoints,
      long outageMinAttempts,
      BigDecimal outageDeliveryRatePercent,
      long backlogMaxAgeMillis,
      BigDecimal noisyFactor,
      long noisyMinMessages) {

    public Settings {
      Objects.requireNonNull(deliveryDropBelow, "deliveryDropBelow");
      Objects.requireNonNull(deliveryExpectedAbove, "deliveryExpectedAbove");
      Objects.requireNonNull(latencyFactor, "latencyFactor");
      Objects.requireNonNull(costFactor, "costFactor");
      Objects.requireNonNull(costMinUsdPerHour, "costMinUsdPerHour");
      Objects.requireNonNull(stddevFactor, "stddevFactor");
      Objects.requireNonNull(minDeviationPoints, "minDeviationPoints");
      Objects.requireNonNull(outageDeliveryRatePercent, "outageDeliveryRatePercent");
      Objects.requireNonNull(noisyFactor, "noisyFactor");
      if (currentWindowMillis <= 0) {
        throw new IllegalArgumentException("currentWindowMillis must be positive");
      }
    }
  }

  /**
   * A provider's recent delivery against its own 7-day baseline.
   *
   * @param hours complete hours with a known delivery rate in the baseline window
   * @param meanRatePercent the mean of those hourly rates (0 without any)
   * @param stddevRatePercent their sample standard deviation (0 with fewer than two)
   */
  public record Baseline(int hours, double meanRatePercent, double stddevRatePercent) {
    public static final Baseline NONE = new Baseline(0, 0, 0);

    public Baseline {
      if (hours < 0) {
        throw new IllegalArgumentException("hours must not be negative");
      }
    }
  }

  /**
   * One provider on one channel.
   *
   * @param current the current window ({@code IRIS_ANOMALY_CURRENT_WINDOW})
   * @param outage the outage rule's window ({@code IRIS_FAILOVER_OUTAGE_WINDOW})
   * @param ranking the last 24 hours: the expected delivery rate while the baseline is short
   * @param baseline the 7-day hourly baseline
   * @param latencyThresholdMs the channel's latency threshold ({@code
   *     iris.anomaly.latency-thresholds.<channel>})
   * @param status its routing state
   * @param sinceMillis when that state began (0 without a row)
   * @param failoverTrigger what failed it over (a {@code FailoverTrigger} wire name), or "" when it
   *     is not failed over
   * @param failoverId that failover's id, or ""
   * @param failoverReason that failover's reason, or ""
   */
  public record ProviderWindow(
      String provider,
      Channel channel,
      ProviderMetrics current,
      ProviderMetrics outage,
      ProviderMetrics ranking,
      Baseline baseline,
      double latencyThresholdMs,
      ProviderStatus status,
      long sinceMillis,
      String failoverTrigger,
      String failoverId,
      String failoverReason) {

    public ProviderWindow {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(outage, "outage");
      Objects.requireNonNull(ranking, "ranking");
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(status, "status");
      failoverTrigger = failoverTrigger == null ? "" : failoverTrigger;
      failoverId = failoverId == null ? "" : failoverId;
      failoverReason = failoverReason == null ? "" : failoverReason;
    }
  }

  /**
   * One channel's cost now against its forecast.
   *
   * @param windowCostUsd what the channel's calls cost over the cost window
   * @param windowMillis the cost window's length ({@code IRIS_ANOMALY_COST_WINDOW})
   * @param forecastUsdPerHour the forecast hourly cost: the mean of the baseline's hourly costs
   * @param baselineHours complete hours in that mean
   */
  public record ChannelCost(
      Channel channel,
      BigDecimal windowCostUsd,
      long windowMillis,
      BigDecimal forecastUsdPerHour,
      int baselineHours) {

    public ChannelCost {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(windowCostUsd, "windowCostUsd");
      Objects.requireNonNull(forecastUsdPerHour, "forecastUsdPerHour");
      if (windowMillis <= 0) {
        throw new IllegalArgumentException("windowMillis must be positive");
      }
    }
  }

  /**
   * The tenants' volumes over the noisy-neighbour window ({@code IRIS_ANOMALY_NOISY_WINDOW}).
   *
   * @param totalMessages messages accepted from all tenants
   * @param activeTenants tenants that sent at least one
   * @param windowMillis the window's length
   * @param top the busiest ({@code IRIS_ANOMALY_NOISY_TOP}), busiest first
   */
  public record TenantVolumes(
      long totalMessages, long activeTenants, long windowMillis, List<TenantVolume> top) {
    public static TenantVolumes none(long windowMillis) {
      return new TenantVolumes(0, 0, windowMillis, List.of());
    }

    public TenantVolumes {
      top = top == null ? List.of() : List.copyOf(top);
    }
  }

  /** One tenant's messages (and their cost) over the window. */
  public record TenantVolume(String tenantId, long messages, BigDecimal costUsd) {
    public TenantVolume {
      Objects.requireNonNull(tenantId, "tenantId");
      costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }
  }

  /**
   * A task queue's backlog of one task type, from the server's task-queue statistics.
   *
   * @param kind {@code workflow} or {@code activity}
   * @param known whether the server reported statistics (a server without them: the rule is silent)
   * @param ageMillis how long the oldest waiting task has waited (its schedule-to-start latency so
   *     far)
   * @param count about how many tasks wait
   */
  public record QueueBacklog(
      String taskQueue, String kind, boolean known, long ageMillis, long count) {
    public QueueBacklog {
      Objects.requireNonNull(taskQueue, "taskQueue");
      Objects.requireNonNull(kind, "kind");
    }

    public static QueueBacklog unknown(String taskQueue, String kind) {
      return new QueueBacklog(taskQueue, kind, false, 0, 0);
    }
  }
}
