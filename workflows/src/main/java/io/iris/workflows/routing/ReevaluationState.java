package io.iris.workflows.routing;

import java.util.Objects;

/**
 * Where a {@code FailoverReevaluationWorkflow} stands: the answer of its {@code state} query, and
 * the state it carries across continue-as-new.
 *
 * @param phase what it is doing now
 * @param weight the provider's share of new sends, in percent: 0 while failed over, the current
 *     step while recovering, 100 once restored
 * @param healthyChecks consecutive healthy checks so far (a failed check resets it to 0)
 * @param checksRun checks made in this failover, across runs (numbers the probe sends' keys)
 * @param flaps how often the provider failed again while recovering; each doubles the rest
 * @param failoverId the failover this run belongs to (the latest, after a flap)
 * @param reason why it was failed over, with any later triggers' reasons added
 * @param sinceMillis when the current failed-over or recovering state began (epoch milliseconds)
 * @param nextCheckAtMillis when the next check or step is due (epoch milliseconds), 0 when none is
 */
public record ReevaluationState(
    Phase phase,
    int weight,
    int healthyChecks,
    int checksRun,
    int flaps,
    String failoverId,
    String reason,
    long sinceMillis,
    long nextCheckAtMillis) {

  /** The workflow's phases, in the order a failover goes through them. */
  public enum Phase {
    /** Marking the provider failed over (weight 0) and writing the audit row. */
    MARKING,
    /** Signalling the channel's in-flight sends to switch away. */
    DRAINING,
    /** Resting before the first check ({@link FailbackPolicy#delayAfter}). */
    WAITING,
    /** Checking health until enough consecutive checks pass. */
    CHECKING,
    /** Failing back step by step ({@link FailbackPolicy#steps}). */
    STEPPING,
    /** Restored to healthy at weight 100 (by fail-back or by {@code cancel}); the run ends. */
    RESTORED
  }

  public ReevaluationState {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(failoverId, "failoverId");
    Objects.requireNonNull(reason, "reason");
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException("weight must be from 0 to 100, got " + weight);
    }
    if (healthyChecks < 0 || checksRun < 0 || flaps < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (healthyChecks > checksRun) {
      throw new IllegalArgumentException("healthyChecks cannot exceed checksRun");
    }
    if (sinceMillis < 0 || nextCheckAtMillis < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
  }
}
