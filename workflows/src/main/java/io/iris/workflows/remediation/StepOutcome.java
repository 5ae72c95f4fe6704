package io.iris.workflows.remediation;

import java.util.Locale;

/** What one performed (or undone) step came to; stored in {@code auto_remediation_log.outcome}. */
public enum StepOutcome {
  APPLIED,
  /** What the step would do holds already (e.g. the provider is failed over by the breaker). */
  ALREADY_IN_EFFECT,
  FAILED,
  /** The action's blast-radius limit for the window is reached: not applied. */
  SKIPPED_LIMIT,
  /** The kill switch is off: not applied. */
  SKIPPED_DISABLED,
  /**
   * What the action needs is not the case (e.g. {@code restart_worker} where the queue's pollers
   * are polling): not applied, and the next runbook is tried.
   */
  NOT_APPLICABLE,
  ROLLED_BACK,
  NOTHING_TO_UNDO;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the remediation may go on after a step with this outcome. */
  public boolean proceeds() {
    return this == APPLIED || this == ALREADY_IN_EFFECT;
  }
}
