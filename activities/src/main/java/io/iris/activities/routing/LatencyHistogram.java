package io.iris.activities.routing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Latencies counted in fixed logarithmic buckets, the same bounds in every process, so histograms
 * from many processes and minutes merge by adding their counts ({@code system_health_metrics}'s
 * {@code *_latency_buckets} columns) and their percentiles stay exact to the bucket.
 *
 * <p>Bucket {@code i} holds latencies up to {@link #upperBoundMs(int) upperBoundMs(i)} inclusive
 * and above the previous bound; the bounds grow by about 20% a bucket from 1 ms, and the last
 * bucket holds everything above an hour. Recording is lock-free (one atomic increment).
 */
public final class LatencyHistogram {

  private static final long[] BOUNDS = bounds();

  /** How many buckets every histogram has (the length of the stored arrays). */
  public static final int BUCKETS = BOUNDS.length + 1;

  private final AtomicIntegerArray counts = new AtomicIntegerArray(BUCKETS);

  /** Counts one latency; a negative one counts as 0. */
  public void record(long latencyMs) {
    counts.incrementAndGet(bucketOf(latencyMs));
  }

  /** The counts now, one per bucket. */
  public int[] snapshot() {
    int[] out = new int[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      out[i] = counts.get(i);
    }
    return out;
  }

  /** The bucket a latency falls in. */
  public static int bucketOf(long latencyMs) {
    long ms = Math.max(0, latencyMs);
    int i = Arrays.binarySearch(BOUNDS, ms);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * The inclusive upper bound of bucket {@code i} in milliseconds; {@link Long#MAX_VALUE} for the
   * last.
   */
  public static long upperBoundMs(int i) {
    return i < BOUNDS.length ? BOUNDS[i] : Long.MAX_VALUE;
  }

  /**
   * Adds {@code counts} into {@code into} bucket by bucket (arrays shorter than BUCKETS count 0).
   */
  public static void addInto(long[] into, int[] counts) {
    if (into.length != BUCKETS) {
      throw new IllegalArgumentException("a sum has " + BUCKETS + " buckets, got " + into.length);
    }
    if (counts == null) {
      return;
    }
    for (int i = 0; i < Math.min(counts.length, BUCKETS); i++) {
      into[i] += counts[i];
    }
  }

  /** {@link #percentile(long[], double)} over one histogram's counts. */
  public static long percentile(int[] counts, double quantile) {
    long[] wide = new long[BUCKETS];
    addInto(wide, counts);
    return percentile(wide, quantile);
  }

  /**
   * The latency at {@code quantile} (0 &lt; q &lt;= 1) of merged counts: the upper bound of the
   * bucket where the cumulative count first reaches {@code q} of the total (the last bucket reports
   * the bound below it, as it has no upper one). -1 when the counts are all zero.
   */
  public static long percentile(long[] counts, double quantile) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return i < BOUNDS.length ? BOUNDS[i] : BOUNDS[BOUNDS.length - 1];
      }
    }
    return BOUNDS[BOUNDS.length - 1];
  }

  private static long[] bounds() {
    long[] out = new long[128];
    int n = 0;
    long bound = 0;
    out[n++] = 0;
    double next = 1;
    while (bound < 3_600_000L) {
      long b = Math.max(bound + 1, Math.round(next));
      out[n++] = b;
      bound = b;
      next = b * 1.2;
    }
    return Arrays.copyOf(out, n);
  }
}
