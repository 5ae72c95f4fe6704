package io.iris.workflows.remediation;

/**
 * The {@code remediation_runs} row as a run writes it at each transition (an idempotent upsert).
 *
 * @param metricsBefore {@code null} until measured
 * @param metricsAfter {@code null} until verified
 * @param approvalDecision "", approved, rejected or timed_out
 * @param finishedAtMillis 0 while it runs
 */
public record RemediationRecord(
    String remediationId,
    String incidentId,
    String anomalyId,
    String runbook,
    String runbookSha256,
    RemediationStatus status,
    String detail,
    ScopeMetrics metricsBefore,
    ScopeMetrics metricsAfter,
    String approvalDecision,
    String approvalBy,
    String approvalNote,
    long startedAtMillis,
    long finishedAtMillis) {}
