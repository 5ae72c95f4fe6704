package io.iris.workflows.routing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@code FailoverReevaluationWorkflow} drains, waits, checks and fails a provider back: every
 * setting of {@code iris.failover.*} and {@code iris.failback.*} the workflow reads, as data (the
 * workflow reads no configuration; the starter passes this in).
 *
 * @param reevaluationDelay how long a failed-over provider rests before its first check ({@code
 *     IRIS_FAILOVER_REEVALUATION_DELAY}); each flap doubles it
 * @param reevaluationMaxDelay the longest rest, however often it flapped ({@code
 *     IRIS_FAILOVER_REEVALUATION_MAX_DELAY})
 * @param drainRepeatAfter the wait before the second drain of in-flight sends, which covers other
 *     processes' routing refresh and visibility lag ({@code IRIS_FAILOVER_DRAIN_REPEAT_AFTER})
 * @param drainConcurrency in-flight sends signalled at once ({@code
 *     IRIS_FAILOVER_DRAIN_CONCURRENCY})
 * @param continueAsNewAfter history length past which the workflow continues as new at its next
 *     loop boundary ({@code IRIS_FAILOVER_CONTINUE_AS_NEW_AFTER})
 * @param healthyChecks consecutive healthy checks before fail-back starts ({@code
 *     IRIS_FAILBACK_HEALTHY_CHECKS})
 * @param checkInterval the time between two checks ({@code IRIS_FAILBACK_CHECK_INTERVAL})
 * @param healthyFailureRate the highest failure share, 0 to 1, of a healthy check ({@code
 *     IRIS_FAILBACK_HEALTHY_FAILURE_RATE}); below the breaker's, so recovery needs more than not
 *     tripping
 * @param minScore the lowest current overall score of a healthy check, when there is one ({@code
 *     IRIS_FAILBACK_MIN_SCORE})
 * @param unprovenIsHealthy whether a check with no traffic and no probe counts as healthy ({@code
 *     IRIS_FAILBACK_UNPROVEN_IS_HEALTHY}); the first, small step then acts as the probe
 * @param steps the traffic shares of fail-back, in percent, ascending and ending at 100 ({@code
 *     IRIS_FAILBACK_STEPS})
 * @param stepInterval how long each step lasts before the next ({@code
 *     IRIS_FAILBACK_STEP_INTERVAL})
 */
public record FailbackPolicy(
    Duration reevaluationDelay,
    Duration reevaluationMaxDelay,
    Duration drainRepeatAfter,
    int drainConcurrency,
    int continueAsNewAfter,
    int healthyChecks,
    Duration checkInterval,
    double healthyFailureRate,
    double minScore,
    boolean unprovenIsHealthy,
    List<Integer> steps,
    Duration stepInterval) {

  public FailbackPolicy {
    requirePositive("reevaluationDelay", reevaluationDelay);
    requirePositive("reevaluationMaxDelay", reevaluationMaxDelay);
    if (reevaluationMaxDelay.compareTo(reevaluationDelay) < 0) {
      throw new IllegalArgumentException(
          "reevaluationMaxDelay must not be shorter than reevaluationDelay");
    }
    requirePositive("drainRepeatAfter", drainRepeatAfter);
    requirePositive("checkInterval", checkInterval);
    requirePositive("stepInterval", stepInterval);
    requireAtLeastOne("drainConcurrency", drainConcurrency);
    requireAtLeastOne("continueAsNewAfter", continueAsNewAfter);
    requireAtLeastOne("healthyChecks", healthyChecks);
    if (!(healthyFailureRate >= 0 && healthyFailureRate <= 1)) {
      throw new IllegalArgumentException(
          "healthyFailureRate must be from 0 to 1, got " + healthyFailureRate);
    }
    if (!(minScore >= 0 && minScore <= 100)) {
      throw new IllegalArgumentException("minScore must be from 0 to 100, got " + minScore);
    }
    steps = requireSteps(steps);
  }

  /**
   * The rest before the first check after {@code flaps} flaps: {@code reevaluationDelay × 2^flaps},
   * at most {@code reevaluationMaxDelay}.
   */
  public Duration delayAfter(int flaps) {
    if (flaps < 0) {
      throw new IllegalArgumentException("flaps must not be negative, got " + flaps);
    }
    Duration delay = reevaluationDelay;
    for (int i = 0; i < flaps && delay.compareTo(reevaluationMaxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(reevaluationMaxDelay) > 0 ? reevaluationMaxDelay : delay;
  }

  private static List<Integer> requireSteps(List<Integer> steps) {
    Objects.requireNonNull(steps, "steps");
    List<Integer> copy = List.copyOf(steps);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("steps must not be empty");
    }
    int previous = 0;
    for (int step : copy) {
      if (step <= previous || step > 100) {
        throw new IllegalArgumentException(
            "steps must ascend within 1..100 and end at 100, got " + copy);
      }
      previous = step;
    }
    if (previous != 100) {
      throw new IllegalArgumentException("steps must end at 100, got " + copy);
    }
    return copy;
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireAtLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
