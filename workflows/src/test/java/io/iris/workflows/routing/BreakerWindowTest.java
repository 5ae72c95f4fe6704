package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerWindowTest {

  private static final long T0 = 1_764_633_600_000L; // 2025-12-02T00:00:00Z

  /**
   * Records {@code failures} failures then {@code successes} successes, one every {@code stepMs}
   * from {@code start}; returns whether any of them tripped the window.
   */
  private static boolean feed(
      BreakerWindow window, long start, long stepMs, int failures, int successes) {
    boolean tripped = false;
    long at = start;
    for (int i = 0; i < failures + successes; i++) {
      tripped |= window.record(at, i < failures);
      at += stepMs;
    }
    return tripped;
  }

  @Test
  void givenFiveOfTenFailing_whenRecorded_itShouldStayClosed() {
    BreakerWindow window = BreakerWindow.withDefaults();

    assertThat(feed(window, T0, 100, 5, 5)).isFalse();
    assertThat(window.isOpen()).isFalse();
    assertThat(window.attempts()).isEqualTo(10);
    assertThat(window.failures()).isEqualTo(5);
  }

  @Test
  void givenSixOfTenFailing_whenTheTenthArrives_itShouldTripOnItAndOnlyOnIt() {
    BreakerWindow window = BreakerWindow.withDefaults();

    assertThat(feed(window, T0, 100, 6, 3)).as("nine attempts").isFalse();
    assertThat(window.record(T0 + 900, false)).as("the tenth").isTrue();
    assertThat(window.isOpen()).isTrue();
    assertThat(window.describe()).isEqualTo("6 of the last 10 calls failed within 30s");
    assertThat(window.record(T0 + 1000, true)).as("already open: reported once").isFalse();
    assertThat(window.failures()).as("the trip's figures are kept").isEqualTo(6);
  }

  @Test
  void givenNineAttemptsAllFailing_whenRecorded_itShouldNeverTrip() {
    BreakerWindow window = BreakerWindow.withDefaults();

    assertThat(feed(window, T0, 100, 9, 0)).isFalse();
    assertThat(window.isOpen()).isFalse();
    assertThat(window.failures()).isEqualTo(9);
  }

  @Test
  void givenTenFailuresWhoseOldestIs30001MsOld_whenTheTenthArrives_itShouldStayClosed() {
    BreakerWindow window = BreakerWindow.withDefaults();
    window.record(T0, true);
    feed(window, T0 + 20_000, 100, 8, 0);

    assertThat(window.record(T0 + 30_001, true)).isFalse();
    assertThat(window.isOpen()).isFalse();
    assertThat(window.attempts()).as("the oldest dropped out").isEqualTo(9);
  }

  @Test
  void givenTenFailuresWhoseOldestIsExactly30SecondsOld_whenTheTenthArrives_itShouldTrip() {
    BreakerWindow window = BreakerWindow.withDefaults();
    window.record(T0, true);
    feed(window, T0 + 20_000, 100, 8, 0);

    assertThat(window.record(T0 + 30_000, true)).isTrue();
    assertThat(window.attempts()).isEqualTo(10);
  }

  @Test
  void givenMoreThanTenAttemptsInTheWindow_whenJudged_itShouldLookAtTheLastTenOnly() {
    BreakerWindow window = BreakerWindow.withDefaults();
    // Ten successes, then failures: the window trips once six of the last ten have failed.
    feed(window, T0, 100, 0, 10);
    boolean[] trips = new boolean[6];
    for (int i = 0; i < 6; i++) {
      trips[i] = window.record(T0 + 1000 + i * 100L, true);
    }

    assertThat(trips).containsExactly(false, false, false, false, false, true);
  }

  @Test
  void givenAnOutcomeOlderThanTheWindowArrivingLate_whenRecorded_itShouldBeIgnored() {
    BreakerWindow window = BreakerWindow.withDefaults();
    feed(window, T0 + 40_000, 100, 9, 0);

    assertThat(window.record(T0, true)).as("40 s older than the latest time").isFalse();
    assertThat(window.attempts()).isEqualTo(9);
    assertThat(window.record(T0 + 40_000, true))
        .as("a time behind the latest still counts" + " while within the window")
        .isTrue();
  }

  @Test
  void givenATrippedWindow_whenReset_itShouldCloseAndJudgeOnlyFreshOutcomes() {
    BreakerWindow window = BreakerWindow.withDefaults();
    assertThat(feed(window, T0, 100, 10, 0)).isTrue();

    window.reset();

    assertThat(window.isOpen()).isFalse();
    assertThat(window.attempts()).isZero();
    assertThat(feed(window, T0 + 2000, 100, 9, 0)).as("nine fresh failures").isFalse();
    assertThat(window.record(T0 + 3000, true)).as("the tenth fresh failure").isTrue();
  }

  @Test
  void givenAClosedWindow_whenReset_itShouldForgetItsOutcomes() {
    BreakerWindow window = BreakerWindow.withDefaults();
    feed(window, T0, 100, 9, 0);

    window.reset();

    assertThat(window.record(T0 + 1000, true)).as("one failure after the reset").isFalse();
    assertThat(window.attempts()).isEqualTo(1);
  }

  @Test
  void givenOtherSettings_whenJudged_itShouldUseThem() {
    // 3 attempts within 2 s, more than 60% failed: 2 of 3 (66.7%) trips, 1 of 3 does not.
    BreakerWindow lenient = new BreakerWindow(3, Duration.ofSeconds(2), 0.6);
    assertThat(feed(lenient, T0, 500, 1, 2)).isFalse();
    BreakerWindow strict = new BreakerWindow(3, Duration.ofSeconds(2), 0.6);
    assertThat(feed(strict, T0, 500, 2, 1)).isTrue();
    assertThat(strict.describe()).isEqualTo("2 of the last 3 calls failed within 2s");
  }

  @Test
  void givenAFailureShareEqualToTheRate_whenJudged_itShouldStayClosed() {
    BreakerWindow window = new BreakerWindow(10, Duration.ofSeconds(30), 0.7);

    // Three successes first, so the next failure pushes a success out.
    assertThat(feed(window, T0, 100, 0, 3)).isFalse();
    assertThat(feed(window, T0 + 300, 100, 7, 0)).as("7 of 10 is not above 0.7").isFalse();
    assertThat(window.record(T0 + 1000, true)).as("8 of the last 10").isTrue();
  }

  @Test
  void givenARateOfOne_whenEveryCallFails_itShouldNeverTrip() {
    BreakerWindow window = new BreakerWindow(10, Duration.ofSeconds(30), 1);

    assertThat(feed(window, T0, 100, 50, 0)).isFalse();
  }

  @Test
  void givenBadSettings_whenBuilt_itShouldRefuseThemNamingTheParameter() {
    Duration w = Duration.ofSeconds(30);
    assertThatThrownBy(() -> new BreakerWindow(0, w, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minAttempts");
    assertThatThrownBy(() -> new BreakerWindow(10, Duration.ZERO, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new BreakerWindow(10, Duration.ofSeconds(-1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
    assertThatThrownBy(() -> new BreakerWindow(10, null, 0.5))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("window");
    for (double rate : new double[] {-0.01, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> new BreakerWindow(10, w, rate))
          .as("rate %s", rate)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("failureRate");
    }
    assertThat(new BreakerWindow(1, Duration.ofMillis(1), 0).minAttempts()).isEqualTo(1);
  }
}
