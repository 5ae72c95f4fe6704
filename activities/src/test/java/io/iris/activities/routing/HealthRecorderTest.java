package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class HealthRecorderTest {

  static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

  final List<ProviderCall> seen = new ArrayList<>();
  final MovableClock clock = new MovableClock(NOW);

  HealthRecorder recorder(ProviderCallListener... listeners) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    for (int i = 0; i < listeners.length; i++) {
      beans.addBean("listener" + i, listeners[i]);
    }
    return new HealthRecorder(clock, beans.getBeanProvider(ProviderCallListener.class));
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant to) {
      now = to;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static long sum(int[] counts) {
    return Arrays.stream(counts).asLongStream().sum();
  }

  @Test
  void givenOneOfEachOutcome_whenTheMinuteIsTaken_itShouldCountEachKindWhereItBelongs() {
    HealthRecorder recorder = recorder();
    clock.set(NOW.plusSeconds(7));
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 120, new BigDecimal("0.0079"));
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 80, new BigDecimal("0.0079"));
    recorder.call("twilio", Channel.SMS, CallOutcome.REJECTED, 40, BigDecimal.ZERO);
    recorder.call("twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 3000, BigDecimal.ZERO);
    recorder.call("twilio", Channel.SMS, CallOutcome.RATE_LIMITED, 10, BigDecimal.ZERO);
    recorder.call("twilio", Channel.SMS, CallOutcome.ERROR, 5, null);
    recorder.attemptFailed("twilio", Channel.SMS);
    recorder.finished("twilio", Channel.SMS, true, OptionalLong.of(1_500));
    recorder.finished("twilio", Channel.SMS, false, OptionalLong.empty());

    List<HealthRecorder.Minute> pending = recorder.pending();

    assertThat(pending).hasSize(1);
    HealthRecorder.Minute m = pending.get(0);
    assertThat(m.bucketStart()).isEqualTo(NOW);
    assertThat(m.provider()).isEqualTo("twilio");
    assertThat(m.channel()).isEqualTo(Channel.SMS);
    assertThat(m.attempts()).isEqualTo(6);
    assertThat(m.accepted()).isEqualTo(2);
    assertThat(m.rejected()).isEqualTo(1);
    assertThat(m.unavailable()).isEqualTo(1);
    assertThat(m.rateLimited()).isEqualTo(1);
    assertThat(m.failed()).isEqualTo(2);
    assertThat(m.delivered()).isEqualTo(1);
    assertThat(m.callLatencySumMs()).isEqualTo(120 + 80 + 40 + 3000 + 10 + 5);
    assertThat(sum(m.callLatencyBuckets())).isEqualTo(6);
    assertThat(m.callLatencyBuckets()[LatencyHistogram.bucketOf(3000)]).isEqualTo(1);
    assertThat(m.receiptLatencyCount()).isEqualTo(1);
    assertThat(m.receiptLatencySumMs()).isEqualTo(1_500);
    assertThat(m.receiptLatencyBuckets()[LatencyHistogram.bucketOf(1_500)]).isEqualTo(1);
    assertThat(sum(m.receiptLatencyBuckets())).isEqualTo(1);
    assertThat(m.costUsd()).isEqualByComparingTo("0.0158");
  }

  @Test
  void givenCallsEitherSideOfAMinuteAndOnTwoProviders_whenTaken_itShouldKeepAUtcMinuteEach() {
    HealthRecorder recorder = recorder();
    clock.set(NOW.plusMillis(59_999));
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    recorder.call("telnyx", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    clock.set(NOW.plusMillis(60_000));
    recorder.call("twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 10, BigDecimal.ZERO);
    recorder.call("sendgrid", Channel.EMAIL, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);

    List<HealthRecorder.Minute> pending = recorder.pending();

    assertThat(pending)
        .extracting(
            m -> m.bucketStart() + " " + m.provider() + " " + m.channel() + " " + m.attempts())
        .containsExactlyInAnyOrder(
            NOW + " twilio SMS 1",
            NOW + " telnyx SMS 1",
            NOW.plusSeconds(60) + " twilio SMS 1",
            NOW.plusSeconds(60) + " sendgrid EMAIL 1");
    assertThat(pending.get(0).bucketStart()).isEqualTo(NOW);
    assertThat(pending.get(3).bucketStart()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void givenAHundredCallLatencies_whenTheMinuteIsTaken_itsPercentilesShouldBeTheRanksBuckets() {
    HealthRecorder recorder = recorder();
    for (int i = 1; i <= 100; i++) {
      recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, i * 10L, BigDecimal.ZERO);
    }

    int[] buckets = recorder.pending().get(0).callLatencyBuckets();

    assertThat(HealthMetricsStore.percentile(buckets, 0.50))
        .isEqualTo((int) LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(500)));
    assertThat(HealthMetricsStore.percentile(buckets, 0.95))
        .isEqualTo((int) LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(950)));
    assertThat(HealthMetricsStore.percentile(buckets, 0.99))
        .isEqualTo((int) LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(990)));
    assertThat(HealthMetricsStore.percentile(new int[LatencyHistogram.BUCKETS], 0.5)).isNull();
  }

  @Test
  void givenSixteenThreadsRecordingAtOnce_whenTheMinuteIsTaken_itShouldSumEveryRecordExactly()
      throws Exception {
    LongAdder heard = new LongAdder();
    HealthRecorder recorder = recorder(call -> heard.increment());
    int threads = 16;
    int each = 5_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < each; i++) {
                    CallOutcome outcome =
                        i % 2 == 0 ? CallOutcome.ACCEPTED : CallOutcome.UNAVAILABLE;
                    recorder.call(
                        "twilio", Channel.SMS, outcome, thread + i % 7, new BigDecimal("0.000001"));
                    recorder.finished("twilio", Channel.SMS, i % 3 == 0, OptionalLong.of(i % 11));
                    if (i % 5 == 0) {
                      recorder.attemptFailed("twilio", Channel.SMS);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    long latencySum = 0;
    long receiptSum = 0;
    long delivered = 0;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        latencySum += t + i % 7;
        receiptSum += i % 11;
        delivered += i % 3 == 0 ? 1 : 0;
      }
    }
    long attemptsFailed = (long) threads * ((each + 4) / 5);

    HealthRecorder.Minute m = recorder.pending().get(0);

    long calls = (long) threads * each;
    assertThat(m.attempts()).isEqualTo(calls);
    assertThat(m.accepted()).isEqualTo(calls / 2);
    assertThat(m.unavailable()).isEqualTo(calls / 2);
    assertThat(m.callLatencySumMs()).isEqualTo(latencySum);
    assertThat(sum(m.callLatencyBuckets())).isEqualTo(calls);
    assertThat(m.delivered()).isEqualTo(delivered);
    assertThat(m.failed()).isEqualTo(calls - delivered + attemptsFailed);
    assertThat(m.receiptLatencyCount()).isEqualTo(calls);
    assertThat(m.receiptLatencySumMs()).isEqualTo(receiptSum);
    assertThat(sum(m.receiptLatencyBuckets())).isEqualTo(calls);
    assertThat(m.costUsd()).isEqualByComparingTo(BigDecimal.valueOf(calls, 6));
    assertThat(m.changes()).isEqualTo(calls * 2 + attemptsFailed);
    assertThat(heard.sum()).isEqualTo(calls);
  }

  @Test
  void givenAMinuteWritten_whenNothingChanges_itShouldNotBePendingAndGoOnceItIsWellPast() {
    HealthRecorder recorder = recorder();
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    List<HealthRecorder.Minute> first = recorder.pending();

    // Written while its minute is current: kept (sends may still count into it), not pending.
    recorder.flushed(first, NOW.plusSeconds(5));
    assertThat(recorder.pending()).isEmpty();
    assertThat(recorder.buffered()).isEqualTo(1);

    // A later count makes it pending again, with the totals so far (cumulative).
    recorder.call("twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 10, BigDecimal.ZERO);
    List<HealthRecorder.Minute> second = recorder.pending();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).attempts()).isEqualTo(2);

    // Written in the next minute: still kept, the minute has just ended.
    recorder.flushed(second, NOW.plusSeconds(65));
    assertThat(recorder.buffered()).isEqualTo(1);

    // Written once it ended over a minute ago: gone, its row holds all of it.
    recorder.flushed(second, NOW.plusSeconds(120));
    assertThat(recorder.buffered()).isZero();
    assertThat(recorder.pending()).isEmpty();
  }

  @Test
  void givenAWriteTakenBeforeALateCount_whenFlushed_itShouldKeepTheMinutePending() {
    HealthRecorder recorder = recorder();
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    List<HealthRecorder.Minute> taken = recorder.pending();
    recorder.finished("twilio", Channel.SMS, true, OptionalLong.of(100));

    recorder.flushed(taken, NOW.plusSeconds(600));

    assertThat(recorder.pending()).hasSize(1);
    assertThat(recorder.pending().get(0).delivered()).isEqualTo(1);
    assertThat(recorder.pending().get(0).attempts()).isEqualTo(1);
  }

  @Test
  void givenMinutesOverTheCap_whenDroppedBefore_itShouldDropOnlyOlderOnesAndCountTheUnwritten() {
    HealthRecorder recorder = recorder();
    for (int minute = 0; minute < 5; minute++) {
      clock.set(NOW.plusSeconds(60L * minute + 30));
      recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    }
    // The first minute was written; the second was not.
    recorder.flushed(
        recorder.pending().subList(0, 1), NOW.plusSeconds(30)); // current then: kept in memory

    int lost = recorder.dropBefore(NOW.plusSeconds(120));

    assertThat(lost).isEqualTo(1);
    assertThat(recorder.pending())
        .extracting(HealthRecorder.Minute::bucketStart)
        .containsExactly(NOW.plusSeconds(120), NOW.plusSeconds(180), NOW.plusSeconds(240));
    assertThat(recorder.buffered()).isEqualTo(3);
  }

  @Test
  void givenAListenerThatThrows_whenACallIsRecorded_itShouldNotThrowAndTheOthersShouldHearIt() {
    ProviderCallListener broken =
        call -> {
          throw new IllegalStateException("broken listener");
        };
    HealthRecorder recorder = recorder(broken, seen::add);

    assertThatCode(
            () ->
                recorder.call("twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 120, BigDecimal.ZERO))
        .doesNotThrowAnyException();

    assertThat(seen)
        .containsExactly(
            new ProviderCall(
                "twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 120, NOW.toEpochMilli()));
  }

  @Test
  void givenBadFigures_whenACallIsRecorded_itShouldNeitherThrowNorPassThemOn() {
    HealthRecorder recorder = recorder(seen::add);

    assertThatCode(() -> recorder.call(null, Channel.SMS, CallOutcome.ACCEPTED, 5, null))
        .doesNotThrowAnyException();
    recorder.call("telnyx", Channel.SMS, CallOutcome.ACCEPTED, -3, BigDecimal.ONE);

    assertThat(seen)
        .containsExactly(
            new ProviderCall("telnyx", Channel.SMS, CallOutcome.ACCEPTED, 0, NOW.toEpochMilli()));
  }
}
