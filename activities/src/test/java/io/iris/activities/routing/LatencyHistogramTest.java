package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void givenTheBounds_whenRead_itShouldStartAtZeroGrowAboutTwentyPercentAndReachAnHour() {
    assertThat(LatencyHistogram.upperBoundMs(0)).isZero();
    assertThat(LatencyHistogram.upperBoundMs(1)).isEqualTo(1);
    for (int i = 2; i < LatencyHistogram.BUCKETS - 1; i++) {
      long prev = LatencyHistogram.upperBoundMs(i - 1);
      long cur = LatencyHistogram.upperBoundMs(i);
      assertThat(cur).isGreaterThan(prev);
      assertThat(cur).isLessThanOrEqualTo(Math.max(prev + 1, Math.round(prev * 1.2) + 1));
    }
    assertThat(LatencyHistogram.upperBoundMs(LatencyHistogram.BUCKETS - 2))
        .isGreaterThanOrEqualTo(3_600_000L);
    assertThat(LatencyHistogram.upperBoundMs(LatencyHistogram.BUCKETS - 1))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void givenALatencyOnABound_whenBucketed_itShouldFallInThatBucketAndOneMoreInTheNext() {
    int i = LatencyHistogram.bucketOf(100);
    assertThat(LatencyHistogram.upperBoundMs(i)).isGreaterThanOrEqualTo(100);
    assertThat(LatencyHistogram.upperBoundMs(i - 1)).isLessThan(100);
    long bound = LatencyHistogram.upperBoundMs(10);
    assertThat(LatencyHistogram.bucketOf(bound)).isEqualTo(10);
    assertThat(LatencyHistogram.bucketOf(bound + 1)).isEqualTo(11);
    assertThat(LatencyHistogram.bucketOf(-5)).isZero();
    assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
  }

  @Test
  void givenHundredLatencies_whenPercentilesAreTaken_itShouldAnswerTheBucketOfEachRank() {
    LatencyHistogram h = new LatencyHistogram();
    for (int ms = 1; ms <= 100; ms++) {
      h.record(ms * 10L);
    }
    int[] counts = h.snapshot();
    assertThat(sum(counts)).isEqualTo(100);
    long p50 = LatencyHistogram.percentile(counts, 0.5);
    long p99 = LatencyHistogram.percentile(counts, 0.99);
    // the 50th latency is 500 ms, the 99th 990 ms: each reported as its bucket's upper bound
    assertThat(p50).isEqualTo(LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(500)));
    assertThat(p99).isEqualTo(LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(990)));
    assertThat(p50).isBetween(500L, 600L);
  }

  @Test
  void givenTwoProcessesHistograms_whenMerged_itShouldEqualOneHistogramOfAllLatencies() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    LatencyHistogram all = new LatencyHistogram();
    for (int ms = 0; ms < 300; ms += 7) {
      (ms % 2 == 0 ? a : b).record(ms);
      all.record(ms);
    }
    long[] merged = new long[LatencyHistogram.BUCKETS];
    LatencyHistogram.addInto(merged, a.snapshot());
    LatencyHistogram.addInto(merged, b.snapshot());
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      assertThat(LatencyHistogram.percentile(merged, q))
          .isEqualTo(LatencyHistogram.percentile(all.snapshot(), q));
    }
  }

  @Test
  void givenNoCounts_whenAPercentileIsTaken_itShouldAnswerMinusOneAndRejectABadQuantile() {
    assertThat(LatencyHistogram.percentile(new int[LatencyHistogram.BUCKETS], 0.95)).isEqualTo(-1);
    assertThatThrownBy(() -> LatencyHistogram.percentile(new int[1], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencyHistogram.addInto(new long[3], new int[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long sum(int[] counts) {
    long s = 0;
    for (int c : counts) {
      s += c;
    }
    return s;
  }
}
