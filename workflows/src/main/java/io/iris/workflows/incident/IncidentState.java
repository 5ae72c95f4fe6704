package io.iris.workflows.incident;

import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.RemediationSummary;
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
 * @param type what kind of incident: the anomaly type that opened it ({@code provider_outage}),
 *     {@code alertmanager:<alertname>}, or "" (runbooks match on it)
 * @param anomalies the anomalies attached to it, the opening one first
 * @param remediations its remediation runs, in the order they started
 * @param pagerDutyTriggered whether PagerDuty has been paged for it (only then is it resolved
 *     there); {@code null} from runs that predate remediation, which always paged: true
 * @param scope an incident no anomaly opened: the scope its runbooks act on (what its alert's
 *     labels name, see {@link AnomalyRef#ofIncident}); {@code null} when it has none or an anomaly
 *     opened it
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
    List<IncidentEvent> timeline,
    String type,
    List<AnomalyRef> anomalies,
    List<RemediationSummary> remediations,
    Boolean pagerDutyTriggered,
    AnomalyRef scope) {

  public IncidentState {
    type = type == null ? "" : type;
    anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    remediations = remediations == null ? List.of() : List.copyOf(remediations);
    pagerDutyTriggered = pagerDutyTriggered == null ? Boolean.TRUE : pagerDutyTriggered;
  }

  /** An incident of no particular type, as opened before remediation existed. */
  public IncidentState(
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
      List<IncidentEvent> timeline) {
    this(
        incidentId,
        title,
        severity,
        status,
        service,
        description,
        escalationLevel,
        openedAtMillis,
        acknowledgedAtMillis,
        acknowledgedBy,
        resolvedAtMillis,
        resolvedBy,
        assignee,
        alerts,
        slackChannel,
        slackTs,
        escalationCalls,
        lastEscalationAtMillis,
        timeline,
        "",
        List.of(),
        List.of(),
        null,
        null);
  }
}
