package io.iris.workflows.routing;

import java.util.Objects;

/**
 * One provider the router may choose for a channel, with two views of its health (seed 000 §7.2 and
 * §7.3): the seed ranks providers by their score over a long window ({@code
 * calculateProviderScore}, default 24 h, line 1371), then checks the chosen one's health now
 * ({@code getProviderHealth}, lines 1546 and 1555) before using it. With one window only, use
 * {@link #of}: both views are then the same score.
 *
 * @param metrics the window figures the ranking score came from; the tenant's requirements and the
 *     decision's reason are read from them
 * @param score the ranking score, from {@code metrics}
 * @param current the health now (a recent, shorter window), checked against the policy's thresholds
 */
public record RouteCandidate(ProviderMetrics metrics, HealthScore score, HealthScore current) {

  public RouteCandidate {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(current, "current");
  }

  /** A candidate whose ranking score is also its health now (one window). */
  public static RouteCandidate of(ProviderMetrics metrics, HealthScore score) {
    return new RouteCandidate(metrics, score, score);
  }

  public String provider() {
    return metrics.provider();
  }
}
