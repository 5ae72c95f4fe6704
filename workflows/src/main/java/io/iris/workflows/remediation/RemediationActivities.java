package io.iris.workflows.remediation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A remediation's work outside the workflow: metrics, the steps, and its rows. Every method is
 * idempotent (a retried step finds its own log row by {@link StepCommand#eventKey()}).
 */
@ActivityInterface
public interface RemediationActivities {

  /** The scope's figures over the current window now (the "before"). */
  @ActivityMethod
  ScopeMetrics measure(AnomalyRef target, VerifyCondition.Scope scope);

  /** Marks the start of a fresh-metrics window: the scope's cumulative totals now. */
  @ActivityMethod
  MetricsMark mark(AnomalyRef target, VerifyCondition.Scope scope);

  /** The scope's figures from {@code mark} to now: exactly what was recorded in between. */
  @ActivityMethod
  ScopeMetrics measureSince(AnomalyRef target, MetricsMark mark);

  /**
   * Performs one step: checks the kill switch and the action's blast-radius limit, writes the
   * step's log row, applies the action and records the outcome. A retry of a finished step returns
   * its recorded result without acting again.
   */
  @ActivityMethod
  StepResult perform(StepCommand command);

  /** Undoes one applied step ({@link StepCommand#undoOf()}), logged as a rollback row. */
  @ActivityMethod
  StepResult undo(StepCommand command);

  /** Whether remediation is switched on (configuration and the runtime kill switch). */
  @ActivityMethod
  boolean enabled();

  /** Upserts the run's row. */
  @ActivityMethod
  void recordRun(RemediationRecord record);

  /** Writes an approval or verification row, once per event key. */
  @ActivityMethod
  void recordLog(RemediationLogEntry entry);
}
