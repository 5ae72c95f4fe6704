package io.iris.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The incident's Slack message (Block Kit, with Acknowledge / Resolve / Escalate buttons) and its
 * thread. Failures follow Slack's API: 429 and 5xx are retried by the activity's retry policy.
 */
@ActivityInterface
public interface SlackIncidentActivities {

  /** Posts the incident message in the configured channel. */
  @ActivityMethod
  SlackMessageRef postIncident(IncidentSnapshot incident);

  /** Replaces the message with the incident's current state (buttons gone once resolved). */
  @ActivityMethod
  void updateIncident(SlackMessageRef message, IncidentSnapshot incident);

  /** Adds a line to the message's thread (the timeline, notes, escalations). */
  @ActivityMethod
  void postToThread(SlackMessageRef message, String text);
}
