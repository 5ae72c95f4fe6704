package io.iris.workflows.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The breaker of one provider on one channel, as pure logic over the call outcomes it is given: it
 * trips when its last {@code minAttempts} outcomes all lie within {@code window} and more than
 * {@code failureRate} of them are failures ({@code IRIS_FAILOVER_BREAKER_MIN_ATTEMPTS} 10, {@code
 * _WINDOW} 30s, {@code _FAILURE_RATE} 0.5). Fewer outcomes than {@code minAttempts} within the
 * window never trip it, however many of them failed: a provider is not failed over on a handful of
 * calls.
 *
 * <p>Time is given, never read: each outcome carries its epoch milliseconds and "now" is the latest
 * time given so far, so the same outcomes always give the same answer. An outcome is within the
 * window while {@code now - at <= window} (an outcome exactly {@code window} old still counts); an
 * older one drops out. A time earlier than one already given (a clock stepped back, or two calls
 * that read the clock in one order and report in the other) does not move "now" back; an outcome
 * already outside the window when it arrives is ignored.
 *
 * <p>Once tripped the window stays open and takes no more outcomes until {@link #reset()}, so it
 * reports each trip once and {@link #failures()} and {@link #attempts()} keep describing it. The
 * caller resets it on every change of the provider's routing state, so each fail-back step is
 * judged on fresh traffic.
 *
 * <p>Not thread-safe: the caller holds one window per provider and channel and synchronizes on it.
 */
public final class BreakerWindow {

  /** {@code IRIS_FAILOVER_BREAKER_MIN_ATTEMPTS}'s default. */
  public static final int DEFAULT_MIN_ATTEMPTS = 10;

  /** {@code IRIS_FAILOVER_BREAKER_WINDOW}'s default. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

  /** {@code IRIS_FAILOVER_BREAKER_FAILURE_RATE}'s default. */
  public static final double DEFAULT_FAILURE_RATE = 0.5;

  private record Outcome(long atMillis, boolean failed) {}

  private final int minAttempts;
  private final Duration window;
  private final long windowMillis;
  private final double failureRate;

  /** The last outcomes in the order given, at most {@code minAttempts}, none outside the window. */
  private final Deque<Outcome> outcomes;

  private long nowMillis = Long.MIN_VALUE;
  private boolean open;

  /**
   * @param minAttempts how many of the latest outcomes are judged, at least 1
   * @param window how old an outcome may be and still count, positive
   * @param failureRate the failure share, 0 to 1, that must be exceeded to trip (at 1 the breaker
   *     never trips)
   * @throws IllegalArgumentException naming the parameter that is out of range
   */
  public BreakerWindow(int minAttempts, Duration window, double failureRate) {
    if (minAttempts < 1) {
      throw new IllegalArgumentException("minAttempts must be at least 1, got " + minAttempts);
    }
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, got " + window);
    }
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("failureRate must be from 0 to 1, got " + failureRate);
    }
    this.minAttempts = minAttempts;
    this.window = window;
    this.windowMillis = window.toMillis();
    this.failureRate = failureRate;
    this.outcomes = new ArrayDeque<>(minAttempts + 1);
  }

  /** A window with the defaults: 10 attempts, 30 s, more than half failed. */
  public static BreakerWindow withDefaults() {
    return new BreakerWindow(DEFAULT_MIN_ATTEMPTS, DEFAULT_WINDOW, DEFAULT_FAILURE_RATE);
  }

  /**
   * Takes one call's outcome.
   *
   * @param atMillis when the call ended, epoch milliseconds
   * @param failed whether it counts against the provider
   * @return true exactly when this outcome trips the breaker; false while it stays closed and for
   *     every outcome given while it is already open
   */
  public boolean record(long atMillis, boolean failed) {
    if (open) {
      return false;
    }
    nowMillis = Math.max(nowMillis, atMillis);
    outcomes.removeIf(o -> outside(o.atMillis()));
    if (outside(atMillis)) {
      return false;
    }
    outcomes.addLast(new Outcome(atMillis, failed));
    if (outcomes.size() > minAttempts) {
      outcomes.removeFirst();
    }
    // The share as a quotient, so a failure share equal to the configured decimal (7 of 10 at 0.7)
    // rounds to the same double and does not exceed it.
    if (outcomes.size() == minAttempts && (double) failures() / minAttempts > failureRate) {
      open = true;
      return true;
    }
    return false;
  }

  private boolean outside(long atMillis) {
    // Subtraction, not addition: no overflow for any pair of epoch times a clock can give.
    return nowMillis - atMillis > windowMillis;
  }

  /** Whether the breaker has tripped since it was made or last reset. */
  public boolean isOpen() {
    return open;
  }

  /** Closes the breaker and forgets every outcome (a fresh window after a routing change). */
  public void reset() {
    outcomes.clear();
    nowMillis = Long.MIN_VALUE;
    open = false;
  }

  /** The failures among the outcomes held (at the trip, once open). */
  public int failures() {
    int failures = 0;
    for (Outcome outcome : outcomes) {
      if (outcome.failed()) {
        failures++;
      }
    }
    return failures;
  }

  /**
   * The outcomes held: the latest ones within the window as of the latest time given, at most
   * {@code minAttempts}.
   */
  public int attempts() {
    return outcomes.size();
  }

  /** The trip in plain words, e.g. "7 of the last 10 calls failed within 30s". */
  public String describe() {
    return failures() + " of the last " + attempts() + " calls failed within " + seconds(window);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  public int minAttempts() {
    return minAttempts;
  }

  public Duration window() {
    return window;
  }

  public double failureRate() {
    return failureRate;
  }
}
