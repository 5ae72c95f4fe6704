package io.iris.integrations.teams;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Microsoft Teams incoming webhooks. The recipient is the webhook URL itself.
 *
 * @param allowedHosts host suffixes a webhook URL may have ({@code webhook.office.com} matches
 *     {@code contoso.webhook.office.com}); list {@code localhost} to allow local simulators
 */
@ConfigurationProperties("iris.providers.teams")
record TeamsSettings(boolean enabled, BigDecimal costPerMessage, List<String> allowedHosts) {
  TeamsSettings {
    costPerMessage = orZero(costPerMessage);
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
