package io.iris.workflows.remediation;

import java.util.List;

/**
 * What the Slack approval message shows (buttons {@code remediation_approve} / {@code
 * remediation_reject}, value = the remediation id).
 *
 * @param threadChannel the incident's Slack message channel, or "" (then the configured channel)
 * @param threadTs the incident's Slack message, or "" (then a message of its own)
 * @param steps the steps awaiting approval, as text
 * @param timeoutMillis how long until humans are paged instead
 */
public record ApprovalRequest(
    String remediationId,
    String incidentId,
    String runbook,
    String description,
    AnomalyRef anomaly,
    List<String> steps,
    String threadChannel,
    String threadTs,
    long timeoutMillis) {}
