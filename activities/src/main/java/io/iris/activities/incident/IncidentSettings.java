package io.iris.activities.incident;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Incident handling ({@code iris.incidents.*}; defaults in iris-platform.yml).
 *
 * @param escalationTimeouts how long each escalation level has to acknowledge, per severity
 * @param escalationRepeats how often the last level is called again
 * @param escalationLevels who is called, first to last
 * @param alertmanagerToken the bearer token Alertmanager presents ({@code IRIS_ALERTMANAGER_TOKEN})
 */
@ConfigurationProperties("iris.incidents")
public record IncidentSettings(
    Map<String, Duration> escalationTimeouts,
    int escalationRepeats,
    List<Level> escalationLevels,
    String alertmanagerToken) {

  /**
   * @param slackMention e.g. {@code <!subteam^S0123>} for a Slack user group, or ""
   * @param pagerDuty page through PagerDuty when this level is called
   */
  public record Level(String name, String slackMention, boolean pagerDuty) {}

  public Duration timeout(String severity) {
    Duration t = escalationTimeouts == null ? null : escalationTimeouts.get(severity);
    return t != null ? t : Duration.ofMinutes(60);
  }
}
