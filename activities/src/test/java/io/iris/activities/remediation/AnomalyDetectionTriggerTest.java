package io.iris.activities.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.routing.FailoverTrigger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which failovers run the detection at once, and at most once per debounce. */
class AnomalyDetectionTriggerTest {

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-02T06:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static AnomalySettings settings(boolean enabled, boolean onFailover) {
    return new AnomalySettings(
        enabled,
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofDays(7),
        24,
        20,
        20,
        new BigDecimal("95"),
        new BigDecimal("98"),
        new BigDecimal("3"),
        Map.of("sms", Duration.ofSeconds(1)),
        Duration.ofMinutes(15),
        new BigDecimal("1.2"),
        new BigDecimal("0.05"),
        new BigDecimal("2"),
        new BigDecimal("1.0"),
        Duration.ofSeconds(30),
        null,
        Duration.ofMinutes(5),
        new BigDecimal("10"),
        100,
        20,
        2,
        Duration.ofDays(90),
        onFailover,
        Duration.ofSeconds(5));
  }

  final AtomicInteger fired = new AtomicInteger();
  final MovingClock clock = new MovingClock();

  @Test
  void givenBreakerOutageAndScoreFailovers_whenSpacedOut_itShouldTriggerEachAndDebounceTheRest() {
    AnomalyDetectionTrigger t =
        new AnomalyDetectionTrigger(fired::incrementAndGet, settings(true, true), false, clock);

    assertThat(t.afterFailover(FailoverTrigger.BREAKER)).isTrue();
    clock.now = clock.now.plusMillis(4_999);
    assertThat(t.afterFailover(FailoverTrigger.OUTAGE)).as("within the debounce").isFalse();
    clock.now = clock.now.plusMillis(1);
    assertThat(t.afterFailover(FailoverTrigger.SCORE)).isTrue();

    assertThat(fired).hasValue(2);
  }

  @Test
  void givenRemediationOrManualFailovers_whenMarked_itShouldNeverTrigger() {
    AnomalyDetectionTrigger t =
        new AnomalyDetectionTrigger(fired::incrementAndGet, settings(true, true), false, clock);

    assertThat(t.afterFailover(FailoverTrigger.REMEDIATION)).isFalse();
    assertThat(t.afterFailover(FailoverTrigger.MANUAL)).isFalse();
    assertThat(fired).hasValue(0);
  }

  @Test
  void givenDetectionOffTheTriggerOffOrTheEmbeddedServer_whenABreakerTrips_itShouldNotTrigger() {
    assertThat(
            new AnomalyDetectionTrigger(fired::incrementAndGet, settings(false, true), false, clock)
                .afterFailover(FailoverTrigger.BREAKER))
        .isFalse();
    assertThat(
            new AnomalyDetectionTrigger(fired::incrementAndGet, settings(true, false), false, clock)
                .afterFailover(FailoverTrigger.BREAKER))
        .isFalse();
    assertThat(
            new AnomalyDetectionTrigger(fired::incrementAndGet, settings(true, true), true, clock)
                .afterFailover(FailoverTrigger.BREAKER))
        .isFalse();
    assertThat(fired).hasValue(0);
  }

  @Test
  void givenTheScheduleCannotBeTriggered_whenABreakerTrips_itShouldReportItAndNotThrow() {
    AnomalyDetectionTrigger t =
        new AnomalyDetectionTrigger(
            () -> {
              throw new IllegalStateException("schedule not found");
            },
            settings(true, true),
            false,
            clock);

    assertThat(t.afterFailover(FailoverTrigger.BREAKER)).isFalse();
  }
}
