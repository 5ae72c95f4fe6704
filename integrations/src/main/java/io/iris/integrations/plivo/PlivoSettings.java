package io.iris.integrations.plivo;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Plivo Message API. */
@ConfigurationProperties("iris.providers.plivo")
record PlivoSettings(
    boolean enabled,
    String baseUrl,
    BigDecimal costPerMessage,
    String authId,
    String authToken,
    String from) {
  PlivoSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    authId = orEmpty(authId);
    authToken = orEmpty(authToken);
    from = orEmpty(from);
  }

  @Override
  public String toString() {
    return "PlivoSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", authId=" + authId + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
