package io.iris.activities.routing;

import io.iris.workflows.routing.RoutingPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How new sends are routed ({@code iris.routing.*}; defaults in iris-platform.yml).
 *
 * @param byScore route by health score ({@code IRIS_ROUTING_BY_SCORE}); false keeps the configured
 *     order of {@code iris.send.routes}, still moving failed-over providers last
 * @param recommendThreshold the overall score at which a provider is recommended and a top-ranked
 *     one is used as primary ({@code IRIS_ROUTING_RECOMMEND_THRESHOLD})
 * @param backupThreshold when the top-ranked provider is below the recommend threshold, the first
 *     backup scoring at least this takes over ({@code IRIS_ROUTING_BACKUP_THRESHOLD})
 * @param refreshInterval how often each process re-reads the routing states and latest scores
 *     ({@code IRIS_ROUTING_REFRESH_INTERVAL})
 */
@ConfigurationProperties("iris.routing")
public record RoutingSettings(
    boolean byScore, double recommendThreshold, double backupThreshold, Duration refreshInterval) {

  public RoutingSettings {
    Settings.requireScore("iris.routing.recommend-threshold", recommendThreshold);
    Settings.requireScore("iris.routing.backup-threshold", backupThreshold);
    Settings.requirePositive("iris.routing.refresh-interval", refreshInterval);
  }

  /** The router's thresholds, as the pure {@code Router} takes them. */
  public RoutingPolicy policy() {
    return new RoutingPolicy(recommendThreshold, backupThreshold);
  }
}
