package io.iris.simulator;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The simulated Slack workspace's and PagerDuty account's incident credentials, read by property
 * name from the same settings the platform uses ({@code iris.incidents.slack.signing-secret},
 * {@code iris.pagerduty.*}), at each request: the routing key it accepts (any, when none is
 * configured) and the secrets it signs its requests to the platform with. Slack's bot token is the
 * one of the {@code slack} channel, {@link SimulatedAccounts} ({@code
 * iris.providers.slack.bot-token}).
 */
@Component
@Profile("dev")
class IncidentAccounts {

  static final String SLACK_SIGNING_SECRET = "iris.incidents.slack.signing-secret";
  static final String PAGERDUTY_ROUTING_KEY = "iris.pagerduty.routing-key";
  static final String PAGERDUTY_WEBHOOK_SECRET = "iris.pagerduty.webhook-secret";

  private final Environment environment;

  IncidentAccounts(Environment environment) {
    this.environment = environment;
  }

  String slackSigningSecret() {
    return value(SLACK_SIGNING_SECRET);
  }

  String pagerDutyRoutingKey() {
    return value(PAGERDUTY_ROUTING_KEY);
  }

  String pagerDutyWebhookSecret() {
    return value(PAGERDUTY_WEBHOOK_SECRET);
  }

  private String value(String property) {
    String value = environment.getProperty(property, "");
    return value.trim();
  }
}
