package io.iris.workflows.routing;

/**
 * A provider's health on one channel over one window, each part from 0 to 100 (seed 000 §7.1, lines
 * 1396-1412).
 *
 * @param overall the weighted sum of the four parts, unrounded (see {@link #overallRounded()})
 * @param delivery the delivery-rate score (weight 40%)
 * @param latency the latency score (weight 25%)
 * @param reliability the uptime score (weight 25%)
 * @param cost the cost-against-channel-average score (weight 10%)
 * @param recommended whether {@code overall} reaches the policy's recommend threshold
 */
public record HealthScore(
    double overall,
    double delivery,
    double latency,
    double reliability,
    double cost,
    boolean recommended) {

  public HealthScore {
    requireScore("overall", overall);
    requireScore("delivery", delivery);
    requireScore("latency", latency);
    requireScore("reliability", reliability);
    requireScore("cost", cost);
  }

  /**
   * The overall score rounded to a whole number, for display only (the seed stores {@code
   * Math.round(overallScore)}, line 1408); every decision uses the unrounded {@link #overall}.
   */
  public long overallRounded() {
    return Math.round(overall);
  }

  private static void requireScore(String name, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(name + " score must be from 0 to 100, got " + value);
    }
  }
}
