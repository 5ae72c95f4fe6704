package io.iris.workflows.remediation;

import java.util.List;

/**
 * A remediation as its query answers: status, the steps so far, and the figures.
 *
 * @param steps what it did, in order
 */
public record RemediationState(
    String remediationId,
    String incidentId,
    String runbook,
    RemediationStatus status,
    String detail,
    List<StepRecord> steps,
    ScopeMetrics metricsBefore,
    ScopeMetrics metricsAfter) {

  /** One step as the API shows it: {@code action}, {@code status} (= outcome), when and what. */
  public record StepRecord(String action, String status, long atMillis, String detail) {}
}
