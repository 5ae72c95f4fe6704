package io.iris.workflows.incident;

import java.time.Duration;
import java.util.List;

/**
 * How an unacknowledged incident escalates, from configuration.
 *
 * @param levels who is called at each level, first to last
 * @param timeout how long each level has to acknowledge (per severity)
 * @param repeats how many times the last level is called again before escalation stops
 */
public record EscalationPolicy(List<EscalationLevel> levels, Duration timeout, int repeats) {

  /**
   * One level.
   *
   * @param name e.g. "primary"
   * @param slackMention who is mentioned in the incident's thread, e.g. "<!subteam^S123>", or ""
   * @param pagerDuty whether this level pages through PagerDuty
   */
  public record EscalationLevel(String name, String slackMention, boolean pagerDuty) {}
}
