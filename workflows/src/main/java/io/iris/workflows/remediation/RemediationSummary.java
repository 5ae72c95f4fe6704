package io.iris.workflows.remediation;

/** A remediation as its incident lists it. {@code finishedAtMillis} is 0 while it runs. */
public record RemediationSummary(
    String remediationId,
    String runbook,
    RemediationStatus status,
    long startedAtMillis,
    long finishedAtMillis) {}
