package io.iris.workflows.incident;

/**
 * What notifications show of an incident.
 *
 * @param escalationLevel the current level (0 = first responders)
 * @param acknowledgedBy who acknowledged it, or ""
 * @param resolvedBy who resolved it, or ""
 * @param url the incident in the API, for links
 * @param workflowId its Temporal workflow, for links to the Temporal UI
 */
public record IncidentSnapshot(
    String incidentId,
    String title,
    Severity severity,
    IncidentStatus status,
    String service,
    String description,
    int escalationLevel,
    String acknowledgedBy,
    String resolvedBy,
    String url,
    String workflowId,
    long openedAtMillis) {}
