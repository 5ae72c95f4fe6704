package io.iris.integrations.webhook;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Generic signed HTTPS webhooks. The recipient is the target URL itself.
 *
 * @param signingSecret the HMAC key of {@code X-Iris-Signature} ({@code
 *     IRIS_WEBHOOK_SIGNING_SECRET})
 * @param allowPrivateAddresses allow plain http and targets on loopback, site-local and link-local
 *     addresses (development and tests only)
 */
@ConfigurationProperties("iris.providers.webhook")
record WebhookSettings(
    boolean enabled,
    BigDecimal costPerMessage,
    String signingSecret,
    boolean allowPrivateAddresses) {
  WebhookSettings {
    costPerMessage = orZero(costPerMessage);
    signingSecret = orEmpty(signingSecret);
  }

  @Override
  public String toString() {
    return "WebhookSettings[enabled="
        + enabled
        + ", allowPrivateAddresses="
        + allowPrivateAddresses
        + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
