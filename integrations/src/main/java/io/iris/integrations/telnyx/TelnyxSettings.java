package io.iris.integrations.telnyx;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Telnyx Messaging API v2. */
@ConfigurationProperties("iris.providers.telnyx")
record TelnyxSettings(
    boolean enabled,
    String baseUrl,
    BigDecimal costPerMessage,
    String apiKey,
    String from,
    String webhookPublicKey) {
  TelnyxSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    apiKey = orEmpty(apiKey);
    from = orEmpty(from);
    webhookPublicKey = orEmpty(webhookPublicKey);
  }

  @Override
  public String toString() {
    return "TelnyxSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
