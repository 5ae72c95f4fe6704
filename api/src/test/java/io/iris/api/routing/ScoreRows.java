package io.iris.api.routing;

import static io.iris.schema.jooq.Tables.PROVIDER_HEALTH_SCORES;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/** Writes provider_health_scores rows as the health evaluation does, for the routing tests. */
final class ScoreRows {

  private ScoreRows() {}

  static void insert(
      DSLContext db,
      Instant evaluatedAt,
      String provider,
      String channel,
      String window,
      double overall,
      String costUsd,
      double latencyMs) {
    OffsetDateTime at = evaluatedAt.atOffset(ZoneOffset.UTC);
    db.insertInto(PROVIDER_HEALTH_SCORES)
        .set(PROVIDER_HEALTH_SCORES.EVALUATED_AT, at)
        .set(PROVIDER_HEALTH_SCORES.PROVIDER, provider)
        .set(PROVIDER_HEALTH_SCORES.CHANNEL, channel)
        .set(PROVIDER_HEALTH_SCORES.WINDOW_KIND, window)
        .set(PROVIDER_HEALTH_SCORES.WINDOW_START, at.minusHours(1))
        .set(PROVIDER_HEALTH_SCORES.OVERALL_SCORE, overall)
        .set(PROVIDER_HEALTH_SCORES.DELIVERY_SCORE, Math.min(100, overall + 1))
        .set(PROVIDER_HEALTH_SCORES.LATENCY_SCORE, Math.max(0, overall - 1))
        .set(PROVIDER_HEALTH_SCORES.RELIABILITY_SCORE, overall)
        .set(PROVIDER_HEALTH_SCORES.COST_SCORE, Math.max(0, overall - 2))
        .set(PROVIDER_HEALTH_SCORES.RANK, 1)
        .set(PROVIDER_HEALTH_SCORES.IS_RECOMMENDED, overall >= 90)
        .set(PROVIDER_HEALTH_SCORES.ATTEMPTS, 1000L)
        .set(PROVIDER_HEALTH_SCORES.ACCEPTED, 995L)
        .set(PROVIDER_HEALTH_SCORES.DELIVERED, 990L)
        .set(PROVIDER_HEALTH_SCORES.FAILED, 10L)
        .set(PROVIDER_HEALTH_SCORES.CALL_LATENCY_MEAN_MS, latencyMs)
        .set(PROVIDER_HEALTH_SCORES.CALL_LATENCY_P50_MS, latencyMs)
        .set(PROVIDER_HEALTH_SCORES.CALL_LATENCY_P95_MS, latencyMs * 2)
        .set(PROVIDER_HEALTH_SCORES.CALL_LATENCY_P99_MS, latencyMs * 3)
        .set(PROVIDER_HEALTH_SCORES.COST_PER_MESSAGE_USD, new BigDecimal(costUsd))
        .set(PROVIDER_HEALTH_SCORES.UPTIME_PERCENT, new BigDecimal("99.9500"))
        .execute();
  }
}
