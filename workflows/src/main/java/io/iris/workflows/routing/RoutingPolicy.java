package io.iris.workflows.routing;

/**
 * The router's thresholds, as data: they come from configuration later (the seed's values are the
 * defaults). The scoring weights and table steps are the seed's specification and stay constants in
 * {@link HealthScoring}.
 *
 * @param recommendThreshold a provider is recommended, and a top-ranked provider is used as
 *     primary, when its overall score is at least this (seed 000 lines 1412 and 1548: 90)
 * @param backupThreshold when the top-ranked provider is below {@code recommendThreshold}, the
 *     first backup scoring at least this takes over (seed 000 line 1556: 85)
 */
public record RoutingPolicy(double recommendThreshold, double backupThreshold) {

  /** The seed's thresholds: recommended at 90, backups at 85. */
  public static final RoutingPolicy DEFAULTS = new RoutingPolicy(90, 85);

  public RoutingPolicy {
    requireScore("recommendThreshold", recommendThreshold);
    requireScore("backupThreshold", backupThreshold);
  }

  private static void requireScore(String name, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(name + " must be a score from 0 to 100, got " + value);
    }
  }
}
