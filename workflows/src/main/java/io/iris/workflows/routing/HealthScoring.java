package io.iris.workflows.routing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores a provider's window figures exactly as seed 000 §7.1 (lines 1362-1470) specifies: four
 * part scores from step tables, weighted delivery 40%, latency 25%, reliability 25%, cost 10%;
 * recommended when the overall score reaches {@link RoutingPolicy#recommendThreshold()}. Pure and
 * deterministic (no clock, no I/O), so a workflow may call it.
 *
 * <p>Where the seed is silent or ambiguous, the choices are:
 *
 * <ul>
 *   <li>Exact steps. The seed compares floating-point figures with its steps; here the delivery
 *       rate is compared from its counts ({@link ProviderMetrics#deliveryRateAtLeast}), uptime and
 *       cost as decimals ({@code 0.01 * 0.7} is 0.006999999999999999 in doubles, which would put a
 *       $0.007 message a step lower), so a figure that sits on a step scores that step's points.
 *       The weighted sum is taken in whole-percent weights ({@code (40 d + 25 l + 25 r + 10 c) /
 *       100}), exact whenever the parts are whole numbers, as every step's points are.
 *   <li>Rounding (lines 1408, 1412, 1548). The seed stores {@code Math.round(overall)}, decides
 *       {@code is_recommended} on the unrounded value, and its router compares the rounded one with
 *       90, so 89.6 would be "not recommended" yet "healthy". Every decision here uses the
 *       unrounded overall; {@link HealthScore#overallRounded()} is for display.
 *   <li>No data (the seed never asks). Without a known outcome in the window there is no delivery
 *       rate and the delivery part scores 0; without a provider call there is no latency and the
 *       latency part scores 0. Such a provider is never recommended: it earns a recommendation by
 *       carrying traffic, and until then is used only as the least bad. Uptime and cost are always
 *       given and always scored.
 *   <li>Channel average cost (line 1449, {@code getChannelAverageCost}, undefined). The plain mean
 *       of the per-message costs of the channel's providers scored together ({@link
 *       #channelAverageCost}), not weighted by volume: a volume-weighted average is the primary's
 *       own price, and every other provider would be judged against the incumbent. When the average
 *       is 0 (a free channel) a free provider scores 100 (line 1451: {@code cost <= 0}) and any
 *       price scores 0, instead of the seed's division by zero on line 1456.
 * </ul>
 */
public final class HealthScoring {

  // Seed 000 lines 1383-1388, as whole percents so the sum is exact.
  static final int DELIVERY_WEIGHT_PERCENT = 40;
  static final int LATENCY_WEIGHT_PERCENT = 25;
  static final int RELIABILITY_WEIGHT_PERCENT = 25;
  static final int COST_WEIGHT_PERCENT = 10;

  /** Seed 000 lines 1427-1432: delivery rate (percent) at least → points. */
  private static final List<Step> DELIVERY_STEPS =
      List.of(
          new Step("99.5", 100),
          new Step("99.0", 95),
          new Step("98.5", 90),
          new Step("98.0", 85),
          new Step("97.0", 75),
          new Step("95.0", 60));

  /** Seed 000 lines 1463-1467: uptime (percent) at least → points. */
  private static final List<Step> UPTIME_STEPS =
      List.of(
          new Step("99.99", 100),
          new Step("99.9", 95),
          new Step("99.5", 90),
          new Step("99.0", 80),
          new Step("98.0", 70));

  /** Seed 000 lines 1451-1455: cost at most this multiple of the channel average → points. */
  private static final List<Step> COST_STEPS =
      List.of(
          new Step("0.7", 100),
          new Step("0.9", 90),
          new Step("1.0", 80),
          new Step("1.1", 70),
          new Step("1.3", 60));

  private static final BigDecimal LAST_COST_STEP = new BigDecimal("1.3");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final RoutingPolicy policy;

  public HealthScoring(RoutingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Scores one provider against the average cost of its channel.
   *
   * @param channelAverageCostUsd the channel's average cost per message ({@link
   *     #channelAverageCost})
   */
  public HealthScore score(ProviderMetrics metrics, BigDecimal channelAverageCostUsd) {
    double delivery = deliveryScore(metrics);
    double latency = metrics.hasLatency() ? latencyScore(metrics.callLatencyMeanMs()) : 0;
    double reliability = reliabilityScore(metrics.uptimePercent());
    double cost = costScore(metrics.costPerMessageUsd(), channelAverageCostUsd);
    double overall = overall(delivery, latency, reliability, cost);
    return new HealthScore(
        overall, delivery, latency, reliability, cost, overall >= policy.recommendThreshold());
  }

  /**
   * Scores every provider of one channel together, each against their average cost.
   *
   * @return the scores by provider, in the order given
   * @throws IllegalArgumentException when the list is empty, mixes channels or names a provider
   *     twice
   */
  public Map<String, HealthScore> scoreChannel(List<ProviderMetrics> channelProviders) {
    BigDecimal average = channelAverageCost(channelProviders);
    Map<String, HealthScore> scores = new LinkedHashMap<>();
    for (ProviderMetrics metrics : channelProviders) {
      scores.put(metrics.provider(), score(metrics, average));
    }
    return Collections.unmodifiableMap(scores);
  }

  /**
   * The channel's average cost per message: the plain mean of its providers' costs (see the class
   * notes for why not volume-weighted).
   *
   * @throws IllegalArgumentException when the list is empty, mixes channels or names a provider
   *     twice
   */
  public static BigDecimal channelAverageCost(List<ProviderMetrics> channelProviders) {
    if (channelProviders.isEmpty()) {
      throw new IllegalArgumentException("a channel average needs at least one provider");
    }
    var channel = channelProviders.get(0).channel();
    Set<String> seen = new HashSet<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (ProviderMetrics metrics : channelProviders) {
      if (metrics.channel() != channel) {
        throw new IllegalArgumentException(
            "providers of one channel expected, got " + channel + " and " + metrics.channel());
      }
      if (!seen.add(metrics.provider())) {
        throw new IllegalArgumentException("provider " + metrics.provider() + " given twice");
      }
      sum = sum.add(metrics.costPerMessageUsd());
    }
    return sum.divide(BigDecimal.valueOf(channelProviders.size()), MathContext.DECIMAL64);
  }

  /**
   * Delivery-rate table, seed 000 lines 1427-1433: 99.5% → 100, 99% → 95, 98.5% → 90, 98% → 85, 97%
   * → 75, 95% → 60, below 95% → {@code max(0, rate - 45)}; 0 without outcomes.
   */
  public static double deliveryScore(ProviderMetrics metrics) {
    for (Step step : DELIVERY_STEPS) {
      if (metrics.deliveryRateAtLeast(step.bound())) {
        return step.points();
      }
    }
    return Math.max(0, metrics.deliveryRatePercent() - 45);
  }

  /**
   * Latency table, seed 000 lines 1441-1444: below 100 ms → 100; below 500 ms → from 90 down to 80;
   * below 1000 ms → from 80 down to 60; from 1000 ms on, 60 less one point per 100 ms, never below
   * 0. (At 100 ms the score drops from 100 to 90, as the seed's table does.)
   */
  public static double latencyScore(double meanMs) {
    if (meanMs < 100) {
      return 100;
    }
    if (meanMs < 500) {
      return 90 - ((meanMs - 100) / 400) * 10;
    }
    if (meanMs < 1000) {
      return 80 - ((meanMs - 500) / 500) * 20;
    }
    return Math.max(0, 60 - (meanMs - 1000) / 100);
  }

  /**
   * Uptime table, seed 000 lines 1463-1468: 99.99% → 100, 99.9% → 95, 99.5% → 90, 99% → 80, 98% →
   * 70, below 98% → {@code max(0, uptime - 28)}.
   */
  public static double reliabilityScore(BigDecimal uptimePercent) {
    for (Step step : UPTIME_STEPS) {
      if (uptimePercent.compareTo(step.bound()) >= 0) {
        return step.points();
      }
    }
    return Math.max(0, uptimePercent.doubleValue() - 28);
  }

  /**
   * Cost table, seed 000 lines 1451-1456, against the channel average: at most 0.7× → 100, 0.9× →
   * 90, 1× → 80, 1.1× → 70, 1.3× → 60; above, 60 less 100 points per channel average above 1.3× (0
   * from 1.9×). Against a free channel (average 0): free → 100, any price → 0.
   */
  public static double costScore(BigDecimal costUsd, BigDecimal channelAverageCostUsd) {
    if (channelAverageCostUsd.signum() < 0 || costUsd.signum() < 0) {
      throw new IllegalArgumentException("costs must not be negative");
    }
    for (Step step : COST_STEPS) {
      if (costUsd.compareTo(channelAverageCostUsd.multiply(step.bound())) <= 0) {
        return step.points();
      }
    }
    if (channelAverageCostUsd.signum() == 0) {
      return 0;
    }
    double over =
        costUsd
            .subtract(channelAverageCostUsd.multiply(LAST_COST_STEP))
            .divide(channelAverageCostUsd, MathContext.DECIMAL64)
            .multiply(HUNDRED)
            .doubleValue();
    return Math.max(0, 60 - over);
  }

  /** The weighted sum, seed 000 lines 1390-1394, in whole-percent weights. */
  static double overall(double delivery, double latency, double reliability, double cost) {
    return (delivery * DELIVERY_WEIGHT_PERCENT
            + latency * LATENCY_WEIGHT_PERCENT
            + reliability * RELIABILITY_WEIGHT_PERCENT
            + cost * COST_WEIGHT_PERCENT)
        / 100;
  }

  private record Step(BigDecimal bound, int points) {
    Step(String bound, int points) {
      this(new BigDecimal(bound), points);
    }
  }
}
