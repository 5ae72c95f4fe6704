package io.iris.integrations.twilio;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Twilio Programmable Messaging. */
@ConfigurationProperties("iris.providers.twilio")
record TwilioSettings(
    boolean enabled,
    String baseUrl,
    BigDecimal costPerMessage,
    String accountSid,
    String authToken,
    String from) {
  TwilioSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    accountSid = orEmpty(accountSid);
    authToken = orEmpty(authToken);
    from = orEmpty(from);
  }

  @Override
  public String toString() {
    return "TwilioSettings[enabled="
        + enabled
        + ", baseUrl="
        + baseUrl
        + ", accountSid="
        + accountSid
        + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
