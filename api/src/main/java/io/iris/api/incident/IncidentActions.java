package io.iris.api.incident;

/**
 * What responders do to an incident from outside the API (Slack buttons, PagerDuty webhooks): each
 * becomes a signal to the incident's workflow, recorded with who did it and from where. Repeats are
 * harmless (acknowledging twice changes nothing).
 */
public interface IncidentActions {

  /** What became of an action. */
  enum Outcome {
    SIGNALLED,
    /** No incident with that id. */
    UNKNOWN_INCIDENT,
    /** The incident's workflow has ended (it was resolved); nothing to do. */
    ALREADY_CLOSED
  }

  /**
   * @param actor who did it (Slack user id, PagerDuty user), for the timeline
   * @param source "slack", "pagerduty", "api", ...
   */
  Outcome acknowledge(String incidentId, String actor, String source);

  Outcome resolve(String incidentId, String actor, String source);

  Outcome escalate(String incidentId, String actor, String source);
}
