package io.iris.workflows.incident;

import java.util.List;
import java.util.Map;

/**
 * An incident as its workflow holds it; also what a continued run starts from.
 *
 * @param acknowledgedAtMillis 0 while unacknowledged
 * @param resolvedAtMillis 0 while open
 * @param alerts attached alerts by fingerprint: true while firing
 * @param slackChannel the incident's Slack message channel, or ""
 * @param slackTs its timestamp, or "" when none was posted
 * @param escalationCalls escalations so far (timer or requested)
 * @param lastEscalationAtMillis when the current level was called (the opening, at first): the next
 *     timer is due one timeout after it, however often the incident is touched meanwhile
 */
public record IncidentState(
    String incidentId,
    String title,
    Severity severity,
    IncidentStatus status,
    String service,
    String description,
    int escalationLevel,
    long openedAtMillis,
    long acknowledgedAtMillis,
    String acknowledgedBy,
    long resolvedAtMillis,
    String resolvedBy,
    String assignee,
    Map<String, Boolean> alerts,
    String slackChannel,
    String slackTs,
    int escalationCalls,
    long lastEscalationAtMillis,
    List<IncidentEvent> timeline) {}
