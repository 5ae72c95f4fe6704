package io.iris.workflows.incident;

/**
 * One step of an incident's story.
 *
 * @param seq its position (1, 2, ...), stable across continue-as-new
 * @param event what happened: opened, notified, acknowledged, escalated, note, assigned,
 *     alert_attached, alert_resolved, resolved, notification_failed, review_drafted; for anomalies
 *     and remediation (since {@code incident-remediation}): detected (at the anomaly's detection
 *     time), anomaly_attached, anomaly_repeated, anomaly_cleared, the child's remediation_* events
 *     (started, awaiting_approval, approved, rejected, step, verified, not_verified, rolled_back,
 *     failed, escalated), remediation_skipped and paged (remediation gave up and PagerDuty was
 *     called)
 * @param actor who did it ("system" for the platform itself)
 */
public record IncidentEvent(int seq, long atMillis, String event, String actor, String detail) {}
