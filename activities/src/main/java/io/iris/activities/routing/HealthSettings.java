package io.iris.activities.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health metrics and their evaluation ({@code iris.health.*}; defaults in iris-platform.yml).
 *
 * @param evaluationInterval how often the Temporal Schedule {@code health-evaluation} runs ({@code
 *     IRIS_HEALTH_EVALUATION_INTERVAL})
 * @param rankingWindow the long window whose scores order the providers ({@code
 *     IRIS_HEALTH_RANKING_WINDOW})
 * @param currentWindow the short window whose scores tell a provider's health now ({@code
 *     IRIS_HEALTH_CURRENT_WINDOW})
 * @param metricsFlushInterval how often each process writes its per-minute totals ({@code
 *     IRIS_HEALTH_METRICS_FLUSH_INTERVAL}); a crash loses at most this much
 * @param metricsMaxBuffered minutes of totals a process keeps while the database is down ({@code
 *     IRIS_HEALTH_METRICS_MAX_BUFFERED}); older ones are dropped
 * @param metricsRetention how long {@code system_health_metrics} partitions are kept ({@code
 *     IRIS_HEALTH_METRICS_RETENTION})
 * @param metricsPartitionsAhead daily partitions created ahead of today ({@code
 *     IRIS_HEALTH_METRICS_PARTITIONS_AHEAD})
 * @param scoresRetention how long {@code provider_health_scores} rows are kept ({@code
 *     IRIS_HEALTH_SCORES_RETENTION})
 */
@ConfigurationProperties("iris.health")
public record HealthSettings(
    Duration evaluationInterval,
    Duration rankingWindow,
    Duration currentWindow,
    Duration metricsFlushInterval,
    int metricsMaxBuffered,
    Duration metricsRetention,
    int metricsPartitionsAhead,
    Duration scoresRetention) {

  public HealthSettings {
    Settings.requirePositive("iris.health.evaluation-interval", evaluationInterval);
    Settings.requirePositive("iris.health.ranking-window", rankingWindow);
    Settings.requirePositive("iris.health.current-window", currentWindow);
    Settings.requirePositive("iris.health.metrics-flush-interval", metricsFlushInterval);
    Settings.requirePositive("iris.health.metrics-retention", metricsRetention);
    Settings.requirePositive("iris.health.scores-retention", scoresRetention);
    if (currentWindow.compareTo(rankingWindow) > 0) {
      throw new IllegalArgumentException(
          "iris.health.current-window must not be longer than iris.health.ranking-window");
    }
    Settings.requireAtLeast("iris.health.metrics-max-buffered", metricsMaxBuffered, 1);
    Settings.requireAtLeast("iris.health.metrics-partitions-ahead", metricsPartitionsAhead, 1);
  }
}
