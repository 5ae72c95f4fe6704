package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.SYSTEM_HEALTH_METRICS;

import io.iris.schema.jooq.tables.SystemHealthMetrics;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.springframework.stereotype.Repository;

/**
 * Writes {@code system_health_metrics}: one row per minute, provider, channel and process ({@code
 * source}). The figures are this process's cumulative totals of the minute, so a write replaces the
 * row's values and a repeated flush is harmless; processes merge by summing their rows (the latency
 * buckets by adding element-wise). The percentiles stored with a row are those of its own
 * histogram, for reading one process at a glance; merged percentiles come from the buckets.
 */
@Repository
public class HealthMetricsStore {

  private static final SystemHealthMetrics M = SYSTEM_HEALTH_METRICS;

  private final DSLContext db;
  private final Clock clock;

  public HealthMetricsStore(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Upserts each minute's totals as {@code source}'s row, in one transaction (all or none). The
   * table is partitioned by day; a minute outside the created days lands in the default partition.
   */
  public void upsert(String source, List<HealthRecorder.Minute> minutes) {
    if (minutes.isEmpty()) {
      return;
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    db.transaction(
        tx -> {
          DSLContext t = tx.dsl();
          for (HealthRecorder.Minute m : minutes) {
            upsert(t, source, m, now).execute();
          }
        });
  }

  private static Query upsert(
      DSLContext t, String source, HealthRecorder.Minute m, OffsetDateTime now) {
    Integer[] callBuckets = boxed(m.callLatencyBuckets());
    Integer[] receiptBuckets = boxed(m.receiptLatencyBuckets());
    Integer callP50 = percentile(m.callLatencyBuckets(), 0.50);
    Integer callP95 = percentile(m.callLatencyBuckets(), 0.95);
    Integer callP99 = percentile(m.callLatencyBuckets(), 0.99);
    Integer receiptP50 = percentile(m.receiptLatencyBuckets(), 0.50);
    Integer receiptP95 = percentile(m.receiptLatencyBuckets(), 0.95);
    Integer receiptP99 = percentile(m.receiptLatencyBuckets(), 0.99);
    return t.insertInto(M)
        .set(M.BUCKET_START, m.bucketStart().atOffset(ZoneOffset.UTC))
        .set(M.PROVIDER, m.provider())
        .set(M.CHANNEL, m.channel().wireName())
        .set(M.SOURCE, source)
        .set(M.ATTEMPTS, m.attempts())
        .set(M.ACCEPTED, m.accepted())
        .set(M.REJECTED, m.rejected())
        .set(M.UNAVAILABLE, m.unavailable())
        .set(M.RATE_LIMITED, m.rateLimited())
        .set(M.DELIVERED, m.delivered())
        .set(M.FAILED, m.failed())
        .set(M.CALL_LATENCY_SUM_MS, m.callLatencySumMs())
        .set(M.CALL_LATENCY_P50_MS, callP50)
        .set(M.CALL_LATENCY_P95_MS, callP95)
        .set(M.CALL_LATENCY_P99_MS, callP99)
        .set(M.CALL_LATENCY_BUCKETS, callBuckets)
        .set(M.RECEIPT_LATENCY_COUNT, m.receiptLatencyCount())
        .set(M.RECEIPT_LATENCY_SUM_MS, m.receiptLatencySumMs())
        .set(M.RECEIPT_LATENCY_P50_MS, receiptP50)
        .set(M.RECEIPT_LATENCY_P95_MS, receiptP95)
        .set(M.RECEIPT_LATENCY_P99_MS, receiptP99)
        .set(M.RECEIPT_LATENCY_BUCKETS, receiptBuckets)
        .set(M.COST_USD, m.costUsd())
        .set(M.UPDATED_AT, now)
        .onConflict(M.BUCKET_START, M.PROVIDER, M.CHANNEL, M.SOURCE)
        .doUpdate()
        .set(M.ATTEMPTS, m.attempts())
        .set(M.ACCEPTED, m.accepted())
        .set(M.REJECTED, m.rejected())
        .set(M.UNAVAILABLE, m.unavailable())
        .set(M.RATE_LIMITED, m.rateLimited())
        .set(M.DELIVERED, m.delivered())
        .set(M.FAILED, m.failed())
        .set(M.CALL_LATENCY_SUM_MS, m.callLatencySumMs())
        .set(M.CALL_LATENCY_P50_MS, callP50)
        .set(M.CALL_LATENCY_P95_MS, callP95)
        .set(M.CALL_LATENCY_P99_MS, callP99)
        .set(M.CALL_LATENCY_BUCKETS, callBuckets)
        .set(M.RECEIPT_LATENCY_COUNT, m.receiptLatencyCount())
        .set(M.RECEIPT_LATENCY_SUM_MS, m.receiptLatencySumMs())
        .set(M.RECEIPT_LATENCY_P50_MS, receiptP50)
        .set(M.RECEIPT_LATENCY_P95_MS, receiptP95)
        .set(M.RECEIPT_LATENCY_P99_MS, receiptP99)
        .set(M.RECEIPT_LATENCY_BUCKETS, receiptBuckets)
        .set(M.COST_USD, m.costUsd())
        .set(M.UPDATED_AT, now);
  }

  /** The latency at {@code quantile} of one histogram, capped to an int; null with no latencies. */
  static Integer percentile(int[] buckets, double quantile) {
    long ms = LatencyHistogram.percentile(buckets, quantile);
    return ms < 0 ? null : (int) Math.min(ms, Integer.MAX_VALUE);
  }

  private static Integer[] boxed(int[] counts) {
    Integer[] out = new Integer[LatencyHistogram.BUCKETS];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts != null && i < counts.length ? counts[i] : 0;
    }
    return out;
  }
}
