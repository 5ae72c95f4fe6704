package io.iris.workflows.remediation;

import java.util.Objects;

/**
 * What a {@link RemediationWorkflow} runs: one runbook against one incident's anomaly.
 *
 * @param remediationId its workflow id, {@code remediation-{incidentId}-{runbook}}
 * @param incidentId the incident it remediates
 * @param anomaly the anomaly (scope and figures) it targets; for an incident not opened by an
 *     anomaly, a ref built from the incident (type, severity, "" scope)
 * @param thread the incident's Slack message, where approvals and notify steps post; {@code null}
 *     when the incident has none
 */
public record RemediationInput(
    String remediationId,
    String incidentId,
    AnomalyRef anomaly,
    Runbook runbook,
    RemediationPolicy policy,
    io.iris.workflows.incident.SlackMessageRef thread) {
  public RemediationInput {
    Objects.requireNonNull(remediationId, "remediationId");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(runbook, "runbook");
    Objects.requireNonNull(policy, "policy");
  }
}
