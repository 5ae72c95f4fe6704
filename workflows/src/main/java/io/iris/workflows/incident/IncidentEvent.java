package io.iris.workflows.incident;

/**
 * One step of an incident's story.
 *
 * @param seq its position (1, 2, ...), stable across continue-as-new
 * @param event what happened: opened, notified, acknowledged, escalated, note, assigned,
 *     alert_attached, alert_resolved, resolved, notification_failed, review_drafted
 * @param actor who did it ("system" for the platform itself)
 */
public record IncidentEvent(int seq, long atMillis, String event, String actor, String detail) {}
