package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;

/** Window figures and scores for the routing tests, written out so each test shows its inputs. */
final class RoutingFixtures {

  private RoutingFixtures() {}

  /** SMS figures: every outcome known, every attempt accepted. */
  static ProviderMetrics sms(
      String provider,
      long delivered,
      long outcomes,
      double latencyMs,
      String cost,
      String uptime) {
    return new ProviderMetrics(
        provider,
        Channel.SMS,
        outcomes,
        outcomes,
        delivered,
        outcomes - delivered,
        latencyMs,
        latencyMs,
        latencyMs,
        latencyMs,
        new BigDecimal(cost),
        new BigDecimal(uptime));
  }

  /** Healthy SMS figures: 99% delivered, 200 ms, $0.008, 99.9% up. */
  static ProviderMetrics sms(String provider) {
    return sms(provider, 990, 1000, 200, "0.008", "99.9");
  }

  /** A score whose parts all equal its overall (for decisions that only read the overall). */
  static HealthScore score(double overall) {
    return new HealthScore(overall, overall, overall, overall, overall, overall >= 90);
  }

  static HealthScore score(
      double overall, double delivery, double latency, double reliability, double cost) {
    return new HealthScore(overall, delivery, latency, reliability, cost, overall >= 90);
  }

  /** One window: ranked and checked on the same score. */
  static RouteCandidate candidate(String provider, double overall) {
    return RouteCandidate.of(sms(provider), score(overall));
  }

  /** Two windows: ranked on {@code ranking}, checked on {@code now}. */
  static RouteCandidate candidate(String provider, double ranking, double now) {
    return new RouteCandidate(sms(provider), score(ranking), score(now));
  }
}
