package io.iris.integrations.sendgrid;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** SendGrid Mail Send v3. */
@ConfigurationProperties("iris.providers.sendgrid")
record SendGridSettings(
    boolean enabled,
    String baseUrl,
    BigDecimal costPerMessage,
    String apiKey,
    String from,
    String webhookPublicKey) {
  SendGridSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    apiKey = orEmpty(apiKey);
    from = orEmpty(from);
    webhookPublicKey = orEmpty(webhookPublicKey);
  }

  @Override
  public String toString() {
    return "SendGridSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
