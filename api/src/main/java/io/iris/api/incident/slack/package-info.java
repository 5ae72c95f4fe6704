/**
 * Slack interactivity for incidents: the buttons of the incident message (posted by {@link
 * io.iris.activities.incident.slack.SlackIncidentActivitiesImpl}) come back here as signed form
 * posts and become {@link io.iris.api.incident.IncidentActions}. The route is outside {@code /v1}:
 * Slack's signature, not an API key, authenticates the caller.
 */
package io.iris.api.incident.slack;
