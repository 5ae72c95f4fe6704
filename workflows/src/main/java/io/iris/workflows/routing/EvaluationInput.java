package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Everything one {@code HealthEvaluationWorkflow} run scores and judges, as {@code
 * HealthActivities.loadWindows} read it: per channel, each enabled provider's figures over the
 * three windows and its routing state, plus the settings of the scoring and the failover rules.
 *
 * @param evaluatedAtMillis the evaluation's time (workflow time, epoch milliseconds): the scores'
 *     {@code evaluated_at}
 * @param rankingWindowMillis the ranking window's length ({@code IRIS_HEALTH_RANKING_WINDOW}): its
 *     scores' {@code window_start} is {@code evaluatedAtMillis} less this
 * @param currentWindowMillis the current window's length ({@code IRIS_HEALTH_CURRENT_WINDOW}): its
 *     scores' {@code window_start} is {@code evaluatedAtMillis} less this, or the provider's
 *     routing state's {@code since} when later
 * @param policy the router's thresholds ({@code is_recommended} is {@code overall >=
 *     recommendThreshold})
 * @param rules the automatic failover rules' settings
 * @param channels one entry per channel with at least one enabled provider
 */
public record EvaluationInput(
    long evaluatedAtMillis,
    long rankingWindowMillis,
    long currentWindowMillis,
    RoutingPolicy policy,
    Rules rules,
    List<ChannelWindows> channels) {

  public EvaluationInput {
    if (rankingWindowMillis <= 0 || currentWindowMillis <= 0) {
      throw new IllegalArgumentException("the windows must be positive");
    }
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rules, "rules");
    channels = List.copyOf(channels);
  }

  /** The start of the ranking window (never before the epoch). */
  public long rankingWindowStartMillis() {
    return Math.max(0, evaluatedAtMillis - rankingWindowMillis);
  }

  /**
   * The start of a provider's current window: {@link #currentWindowMillis} back, or its routing
   * state's {@code since} when later (never after the evaluation).
   */
  public long currentWindowStartMillis(ProviderWindows provider) {
    long start = Math.max(0, evaluatedAtMillis - currentWindowMillis);
    return Math.min(evaluatedAtMillis, Math.max(start, provider.sinceMillis()));
  }

  /**
   * The settings of the automatic failover rules (seed 000 lines 1625-1640 for the outage rule).
   *
   * @param automatic whether the evaluation fails providers over at all ({@code
   *     IRIS_FAILOVER_AUTOMATIC})
   * @param outageMinAttempts the outage rule applies only above this many attempts in its window
   *     ({@code IRIS_FAILOVER_OUTAGE_MIN_ATTEMPTS})
   * @param outageDeliveryRatePercent a delivery rate below this, in percent, is an outage ({@code
   *     IRIS_FAILOVER_OUTAGE_DELIVERY_RATE})
   * @param scoreThreshold a current overall score below this fails the provider over ({@code
   *     IRIS_FAILOVER_SCORE_THRESHOLD})
   */
  public record Rules(
      boolean automatic,
      long outageMinAttempts,
      BigDecimal outageDeliveryRatePercent,
      double scoreThreshold,
      long scoreMinAttempts) {

    public Rules {
      Objects.requireNonNull(outageDeliveryRatePercent, "outageDeliveryRatePercent");
      if (outageMinAttempts < 0) {
        throw new IllegalArgumentException("outageMinAttempts must not be negative");
      }
      if (outageDeliveryRatePercent.signum() < 0
          || outageDeliveryRatePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException("outageDeliveryRatePercent must be from 0 to 100");
      }
      if (scoreMinAttempts < 0) {
        throw new IllegalArgumentException("scoreMinAttempts must not be negative");
      }
      if (!(scoreThreshold >= 0 && scoreThreshold <= 100)) {
        throw new IllegalArgumentException(
            "scoreThreshold must be from 0 to 100, got " + scoreThreshold);
      }
    }
  }

  /**
   * One channel's providers, in the configured route order (which breaks ties).
   *
   * @param channel the channel
   * @param providers its enabled providers
   */
  public record ChannelWindows(Channel channel, List<ProviderWindows> providers) {

    public ChannelWindows {
      Objects.requireNonNull(channel, "channel");
      providers = List.copyOf(providers);
      for (ProviderWindows p : providers) {
        if (p.ranking().channel() != channel) {
          throw new IllegalArgumentException(
              p.ranking().provider() + "'s figures are not for " + channel.wireName());
        }
      }
    }
  }

  /**
   * One provider's figures and state.
   *
   * @param ranking the ranking window ({@code IRIS_HEALTH_RANKING_WINDOW}, 24h): orders providers
   * @param current the current window ({@code IRIS_HEALTH_CURRENT_WINDOW}, 5m, starting no earlier
   *     than the routing state's {@code since}): the health now
   * @param outage the outage rule's window ({@code IRIS_FAILOVER_OUTAGE_WINDOW}, 5m, likewise
   *     clipped)
   * @param status the provider's routing state on the channel
   * @param sinceMillis when that state began (epoch milliseconds), 0 for a provider without a row
   */
  public record ProviderWindows(
      ProviderMetrics ranking,
      ProviderMetrics current,
      ProviderMetrics outage,
      ProviderStatus status,
      long sinceMillis) {

    public ProviderWindows {
      Objects.requireNonNull(ranking, "ranking");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(outage, "outage");
      Objects.requireNonNull(status, "status");
      if (!sameProvider(ranking, current) || !sameProvider(ranking, outage)) {
        throw new IllegalArgumentException("the three windows must be of one provider and channel");
      }
      if (sinceMillis < 0) {
        throw new IllegalArgumentException("sinceMillis must not be negative");
      }
    }

    public String provider() {
      return ranking.provider();
    }

    private static boolean sameProvider(ProviderMetrics a, ProviderMetrics b) {
      return a.provider().equals(b.provider()) && a.channel() == b.channel();
    }
  }
}
