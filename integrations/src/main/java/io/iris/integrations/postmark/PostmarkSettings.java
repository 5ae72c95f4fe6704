package io.iris.integrations.postmark;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Postmark Email API. */
@ConfigurationProperties("iris.providers.postmark")
record PostmarkSettings(
    boolean enabled, String baseUrl, BigDecimal costPerMessage, String serverToken, String from) {
  PostmarkSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    serverToken = orEmpty(serverToken);
    from = orEmpty(from);
  }

  @Override
  public String toString() {
    return "PostmarkSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
