package io.iris.workflows.remediation;

/**
 * A remediation's progress, signalled to its incident for the timeline and the Slack thread.
 *
 * @param event remediation_started, remediation_awaiting_approval, remediation_approved,
 *     remediation_rejected, remediation_step, remediation_verified, remediation_not_verified,
 *     remediation_rolled_back, remediation_failed, remediation_escalated
 * @param status the run's status after the event
 */
public record RemediationEvent(
    String remediationId,
    String runbook,
    String event,
    RemediationStatus status,
    String detail,
    long atMillis) {}
