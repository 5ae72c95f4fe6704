package io.iris.activities.remediation.actions;

import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.util.Map;

/**
 * One action of the runbooks: applies it for a step and undoes it for a rollback. Both are
 * idempotent (a retried activity calls them again).
 */
public interface ActionRunner {

  RemediationAction action();

  /** Applies the step; an error is thrown (the activity records it as {@code failed}). */
  StepResult apply(StepCommand command);

  /** Undoes the applied step {@link StepCommand#undoOf()}; by default there is nothing to undo. */
  default StepResult undo(StepCommand command) {
    return new StepResult(
        action(), StepOutcome.NOTHING_TO_UNDO, action().wireName() + " has no undo", Map.of());
  }

  /**
   * The source the action's rows carry, so an undo removes only its own: {@code remediation:{id}}.
   */
  static String source(StepCommand command) {
    return "remediation:" + command.remediationId();
  }

  static StepResult result(
      StepCommand command, StepOutcome outcome, String detail, Map<String, String> undo) {
    return new StepResult(command.step().action(), outcome, detail, undo);
  }
}
