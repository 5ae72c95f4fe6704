package io.iris.workflows.remediation;

/** How a remediation run ended: {@code detail} says why, in plain words. */
public record RemediationResult(
    String remediationId, String runbook, RemediationStatus status, String detail) {}
