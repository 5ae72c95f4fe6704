package io.iris.integrations.slack;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack Web API.
 *
 * @param baseUrl the methods endpoint prefix, with its trailing slash ({@code IRIS_SLACK_API_URL})
 */
@ConfigurationProperties("iris.providers.slack")
record SlackSettings(boolean enabled, String baseUrl, BigDecimal costPerMessage, String botToken) {
  SlackSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    botToken = orEmpty(botToken);
  }

  @Override
  public String toString() {
    return "SlackSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
