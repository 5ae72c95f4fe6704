package io.iris.workflows.routing;

import java.util.Objects;

/**
 * One fail-back check of a failed-over provider: what its traffic and its probe showed since the
 * previous check. The activity gathers the figures; the workflow judges them with {@link
 * #healthy(FailbackPolicy)}, so the rule is data-driven and replays the same.
 *
 * @param fromMillis the start of the figures (the previous check, or the failover's {@code since}),
 *     epoch milliseconds
 * @param toMillis the end of the figures, epoch milliseconds
 * @param attempts provider calls in that span (probes not included)
 * @param failures those of them that failed (unavailable, timed out, refused credentials, rate
 *     limited, unexpected errors; not a rejected recipient)
 * @param probe what the synthetic probe send did
 * @param scored whether a current score exists for the span
 * @param currentScore the current window's overall score; meaningful only when {@code scored}
 * @param detail in plain words, for the audit and the {@code state} query
 */
public record HealthCheck(
    long fromMillis,
    long toMillis,
    long attempts,
    long failures,
    Probe probe,
    boolean scored,
    double currentScore,
    String detail) {

  /** The probe's part of a check. */
  public enum Probe {
    /** No probe recipient is configured for the provider: no probe was sent. */
    NOT_SENT,
    /** The provider accepted the probe. */
    ACCEPTED,
    /** The provider refused the probe or did not answer. */
    FAILED
  }

  public HealthCheck {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(detail, "detail");
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("toMillis must not be before fromMillis");
    }
    if (attempts < 0 || failures < 0 || failures > attempts) {
      throw new IllegalArgumentException(
          "failures must be from 0 to attempts, got " + failures + " of " + attempts);
    }
    if (scored && !(currentScore >= 0 && currentScore <= 100)) {
      throw new IllegalArgumentException("currentScore must be from 0 to 100, got " + currentScore);
    }
  }

  /** No traffic and no probe: nothing shows whether the provider works. */
  public boolean unproven() {
    return attempts == 0 && probe == Probe.NOT_SENT;
  }

  /** The failure share of the span's calls, 0 to 1; 0 without calls. */
  public double failureRate() {
    return attempts == 0 ? 0 : (double) failures / attempts;
  }

  /**
   * Whether this check counts as healthy under {@code policy}: the probe, if sent, was accepted;
   * the failure share is at most {@link FailbackPolicy#healthyFailureRate} ({@code failures <= rate
   * × attempts}); the current score, if there is one, is at least {@link FailbackPolicy#minScore};
   * and an {@link #unproven} check counts only when the policy says so.
   */
  public boolean healthy(FailbackPolicy policy) {
    if (unproven()) {
      return policy.unprovenIsHealthy();
    }
    if (probe == Probe.FAILED) {
      return false;
    }
    if (failures > policy.healthyFailureRate() * attempts) {
      return false;
    }
    return !scored || currentScore >= policy.minScore();
  }
}
