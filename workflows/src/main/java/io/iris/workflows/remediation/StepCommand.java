package io.iris.workflows.remediation;

import java.util.Objects;

/**
 * One step to perform (or undo) for a remediation, as its activity gets it.
 *
 * @param phase "step" or "rollback"
 * @param index the step's position in its list (0, 1, ...)
 * @param target the anomaly whose scope the action targets
 * @param undoOf for a rollback of an applied step, that step's result ({@code null} otherwise)
 * @param thread the incident's Slack message ({@code notify} posts in its thread), or {@code null}
 */
public record StepCommand(
    String remediationId,
    String incidentId,
    String runbook,
    String phase,
    int index,
    RunbookStep step,
    AnomalyRef target,
    StepResult undoOf,
    io.iris.workflows.incident.SlackMessageRef thread) {

  public StepCommand {
    Objects.requireNonNull(remediationId, "remediationId");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(target, "target");
  }

  /** The key its log row is written once under: {@code {runId}:{phase}:{index}}. */
  public String eventKey() {
    return remediationId + ":" + phase + ":" + index;
  }
}
