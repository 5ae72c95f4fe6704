package io.iris.workflows.incident;

/**
 * Who did something to an incident, and through what.
 *
 * @param who a Slack user, PagerDuty user, API key id, or "alertmanager"
 * @param source "api", "slack", "pagerduty", "alertmanager"
 */
public record Actor(String who, String source) {
  public String describe() {
    return who + " (" + source + ")";
  }
}
