package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.PROVIDER_HEALTH_SCORES;

import io.iris.schema.jooq.tables.records.ProviderHealthScoresRecord;
import io.iris.workflows.routing.HealthScore;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderScoreRow.Window;
import io.iris.workflows.send.Channel;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * The read side of {@code provider_health_scores}: the latest score of each provider, channel and
 * window, as the routing snapshot holds them. The health evaluation writes the rows (its own
 * store); reads use the index {@code provider_health_scores_latest_idx}.
 */
@Repository
public class HealthScoreStore {

  private final DSLContext db;

  public HealthScoreStore(DSLContext db) {
    this.db = db;
  }

  /**
   * The newest row per provider, channel and window kind ({@code DISTINCT ON}); rows of a channel
   * or window this build does not know are skipped.
   */
  public List<ProviderScoreRow> latest() {
    var s = PROVIDER_HEALTH_SCORES;
    return db
        .selectDistinct(s.fields())
        .on(s.PROVIDER, s.CHANNEL, s.WINDOW_KIND)
        .from(s)
        .orderBy(s.PROVIDER, s.CHANNEL, s.WINDOW_KIND, s.EVALUATED_AT.desc())
        .fetchInto(s)
        .stream()
        .filter(HealthScoreStore::known)
        .map(HealthScoreStore::row)
        .toList();
  }

  private static boolean known(ProviderHealthScoresRecord r) {
    try {
      Channel.fromWire(r.getChannel());
      Window.valueOf(r.getWindowKind().toUpperCase(Locale.ROOT));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static ProviderScoreRow row(ProviderHealthScoresRecord r) {
    ProviderMetrics metrics =
        new ProviderMetrics(
            r.getProvider(),
            Channel.fromWire(r.getChannel()),
            r.getAttempts(),
            r.getAccepted(),
            r.getDelivered(),
            r.getFailed(),
            r.getCallLatencyMeanMs(),
            r.getCallLatencyP50Ms(),
            r.getCallLatencyP95Ms(),
            r.getCallLatencyP99Ms(),
            r.getCostPerMessageUsd(),
            r.getUptimePercent());
    HealthScore score =
        new HealthScore(
            r.getOverallScore(),
            r.getDeliveryScore(),
            r.getLatencyScore(),
            r.getReliabilityScore(),
            r.getCostScore(),
            r.getIsRecommended());
    return new ProviderScoreRow(
        r.getEvaluatedAt().toInstant().toEpochMilli(),
        Window.valueOf(r.getWindowKind().toUpperCase(Locale.ROOT)),
        r.getWindowStart().toInstant().toEpochMilli(),
        metrics,
        score,
        r.getRank());
  }
}
