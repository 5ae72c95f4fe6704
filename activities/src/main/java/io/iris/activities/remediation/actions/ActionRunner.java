package io.iris.activities.remediation.actions;

import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.util.Map;
import java.util.Optional;

/**
 * One action of the runbooks: applies it for a step and undoes it for a rollback. Both are
 * idempotent (a retried activity calls them again).
 */
public interface ActionRunner {

  RemediationAction action();

  /** Applies the step; an error is thrown (the activity records it as {@code failed}). */
  StepResult apply(StepCommand command);

  /**
   * What the target lacks for this action (a failover needs a channel and a provider), in plain
   * words; empty when it can be applied. A step whose target lacks it is not applicable, and the
   * next runbook is tried: an incident opened by an alert has only the scope its labels give.
   */
  default Optional<String> missingScope(AnomalyRef target) {
    return Optional.empty();
  }

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
