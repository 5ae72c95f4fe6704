package io.iris.activities.routing;

import io.iris.workflows.routing.EvaluationInput;
import io.iris.workflows.routing.FailbackPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a provider fails over and how it fails back ({@code iris.failover.*}; defaults in
 * iris-platform.yml).
 *
 * @param automatic whether the health evaluation fails providers over by its rules ({@code
 *     IRIS_FAILOVER_AUTOMATIC}); the breaker and manual failovers have their own switches
 * @param breaker the per-process breaker on provider calls
 * @param outage the evaluation's outage rule (seed 000 lines 1625-1640)
 * @param scoreThreshold a current overall score below this fails the provider over ({@code
 *     IRIS_FAILOVER_SCORE_THRESHOLD})
 * @param scoreMinAttempts the calls the current window must hold before the score rule judges it
 *     ({@code IRIS_FAILOVER_SCORE_MIN_ATTEMPTS}): a few calls are not evidence of an outage
 * @param reevaluationDelay how long a failed-over provider rests before its first check ({@code
 *     IRIS_FAILOVER_REEVALUATION_DELAY}); each flap doubles it
 * @param reevaluationMaxDelay the longest rest ({@code IRIS_FAILOVER_REEVALUATION_MAX_DELAY})
 * @param drainRepeatAfter the wait before the second drain of in-flight sends ({@code
 *     IRIS_FAILOVER_DRAIN_REPEAT_AFTER})
 * @param drainConcurrency in-flight sends signalled at once ({@code
 *     IRIS_FAILOVER_DRAIN_CONCURRENCY})
 * @param continueAsNewAfter history events past which a long re-evaluation continues as new ({@code
 *     IRIS_FAILOVER_CONTINUE_AS_NEW_AFTER})
 * @param probeRecipients per provider, where a fail-back check's synthetic probe send goes ({@code
 *     IRIS_PROBE_<PROVIDER>_TO}); empty or absent: no probe (probes send real messages)
 * @param failback the fail-back checks and steps
 */
@ConfigurationProperties("iris.failover")
public record FailoverSettings(
    boolean automatic,
    Breaker breaker,
    Outage outage,
    double scoreThreshold,
    int scoreMinAttempts,
    Duration reevaluationDelay,
    Duration reevaluationMaxDelay,
    Duration drainRepeatAfter,
    int drainConcurrency,
    int continueAsNewAfter,
    Map<String, String> probeRecipients,
    Failback failback) {

  /**
   * The breaker: it trips when the last {@code minAttempts} calls all lie within {@code window} and
   * more than {@code failureRate} of them failed.
   *
   * @param enabled {@code IRIS_FAILOVER_BREAKER_ENABLED}
   * @param window {@code IRIS_FAILOVER_BREAKER_WINDOW}
   * @param minAttempts {@code IRIS_FAILOVER_BREAKER_MIN_ATTEMPTS}
   * @param failureRate {@code IRIS_FAILOVER_BREAKER_FAILURE_RATE}, 0 to 1
   */
  public record Breaker(boolean enabled, Duration window, int minAttempts, double failureRate) {
    public Breaker {
      Settings.requirePositive("iris.failover.breaker.window", window);
      Settings.requireAtLeast("iris.failover.breaker.min-attempts", minAttempts, 1);
      Settings.requireShare("iris.failover.breaker.failure-rate", failureRate);
    }
  }

  /**
   * The outage rule: a delivery rate below {@code deliveryRate} percent over more than {@code
   * minAttempts} attempts within {@code window}.
   *
   * @param window {@code IRIS_FAILOVER_OUTAGE_WINDOW}
   * @param minAttempts {@code IRIS_FAILOVER_OUTAGE_MIN_ATTEMPTS}
   * @param deliveryRate {@code IRIS_FAILOVER_OUTAGE_DELIVERY_RATE}, in percent
   */
  public record Outage(Duration window, long minAttempts, BigDecimal deliveryRate) {
    public Outage {
      Settings.requirePositive("iris.failover.outage.window", window);
      Settings.requireAtLeast("iris.failover.outage.min-attempts", minAttempts, 0);
      Objects.requireNonNull(deliveryRate, "iris.failover.outage.delivery-rate");
      Settings.requireScore("iris.failover.outage.delivery-rate", deliveryRate.doubleValue());
    }
  }

  /**
   * Fail-back: {@code healthyChecks} healthy checks in a row, {@code checkInterval} apart, then the
   * traffic shares of {@code steps}, {@code stepInterval} each.
   *
   * @param healthyChecks {@code IRIS_FAILBACK_HEALTHY_CHECKS}
   * @param checkInterval {@code IRIS_FAILBACK_CHECK_INTERVAL}
   * @param healthyFailureRate {@code IRIS_FAILBACK_HEALTHY_FAILURE_RATE}, 0 to 1
   * @param minScore {@code IRIS_FAILBACK_MIN_SCORE}
   * @param unprovenIsHealthy {@code IRIS_FAILBACK_UNPROVEN_IS_HEALTHY}
   * @param steps {@code IRIS_FAILBACK_STEPS}, percent, ascending and ending at 100
   * @param stepInterval {@code IRIS_FAILBACK_STEP_INTERVAL}
   */
  public record Failback(
      int healthyChecks,
      Duration checkInterval,
      double healthyFailureRate,
      double minScore,
      boolean unprovenIsHealthy,
      List<Integer> steps,
      Duration stepInterval) {}

  public FailoverSettings {
    Objects.requireNonNull(breaker, "iris.failover.breaker");
    Objects.requireNonNull(outage, "iris.failover.outage");
    Objects.requireNonNull(failback, "iris.failover.failback");
    Settings.requireScore("iris.failover.score-threshold", scoreThreshold);
    if (scoreMinAttempts < 1) {
      throw new IllegalArgumentException(
          "iris.failover.score-min-attempts must be at least 1, got " + scoreMinAttempts);
    }
    probeRecipients = probeRecipients == null ? Map.of() : Map.copyOf(probeRecipients);
    // The workflow's policy checks the durations, counts and steps; build it once here so a bad
    // setting stops the start-up instead of the first failover.
    try {
      policyOf(
          reevaluationDelay,
          reevaluationMaxDelay,
          drainRepeatAfter,
          drainConcurrency,
          continueAsNewAfter,
          failback);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "iris.failover settings are invalid: " + e.getMessage(), e);
    }
  }

  /** The policy a {@code FailoverReevaluationWorkflow} is started with. */
  public FailbackPolicy failbackPolicy() {
    return policyOf(
        reevaluationDelay,
        reevaluationMaxDelay,
        drainRepeatAfter,
        drainConcurrency,
        continueAsNewAfter,
        failback);
  }

  /** The rules' settings, as the health evaluation takes them. */
  public EvaluationInput.Rules rules() {
    return new EvaluationInput.Rules(
        automatic, outage.minAttempts(), outage.deliveryRate(), scoreThreshold, scoreMinAttempts);
  }

  /** Where a probe to {@code provider} goes; empty when none is configured. */
  public Optional<String> probeRecipient(String provider) {
    return Optional.ofNullable(probeRecipients.get(provider)).filter(to -> !to.isBlank());
  }

  private static FailbackPolicy policyOf(
      Duration reevaluationDelay,
      Duration reevaluationMaxDelay,
      Duration drainRepeatAfter,
      int drainConcurrency,
      int continueAsNewAfter,
      Failback failback) {
    return new FailbackPolicy(
        reevaluationDelay,
        reevaluationMaxDelay,
        drainRepeatAfter,
        drainConcurrency,
        continueAsNewAfter,
        failback.healthyChecks(),
        failback.checkInterval(),
        failback.healthyFailureRate(),
        failback.minScore(),
        failback.unprovenIsHealthy(),
        failback.steps(),
        failback.stepInterval());
  }
}
