package io.iris.workflows.remediation;

/**
 * An {@code auto_remediation_log} row that is not a step (steps write their own): an approval
 * request or answer, or a verification. Written once per {@code {remediationId}:{phase}:{index}}.
 *
 * @param phase "approval" or "verify"
 * @param action "require_approval" or "verify"
 * @param actor who: "system:remediation", or the approver
 * @param outcome requested, approved, rejected, timed_out, verified, not_verified, unproven
 */
public record RemediationLogEntry(
    String remediationId,
    String incidentId,
    String anomalyId,
    String phase,
    int index,
    String action,
    String actor,
    String outcome,
    String detail,
    ScopeMetrics metricsBefore,
    ScopeMetrics metricsAfter,
    long atMillis) {

  public String eventKey() {
    return remediationId + ":" + phase + ":" + index;
  }
}
