package io.iris.workflows.remediation;

import java.util.Map;

/**
 * What a step did.
 *
 * @param detail in plain words, for the timeline ("failed over twilio on sms (failover 1a2b…)")
 * @param undo what undoing it needs (the action's own keys), or empty when it cannot be undone
 */
public record StepResult(
    RemediationAction action, StepOutcome outcome, String detail, Map<String, String> undo) {
  public StepResult {
    undo = undo == null ? Map.of() : Map.copyOf(undo);
    detail = detail == null ? "" : detail;
  }
}
