package io.iris.integrations.fcm;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Firebase Cloud Messaging HTTP v1.
 *
 * @param accessToken a ready OAuth2 bearer token with the {@code firebase.messaging} scope. Minting
 *     it from a service-account key (and refreshing it hourly) is not done here: deploy with a
 *     token supplied by the platform, e.g. a sidecar that refreshes it.
 */
@ConfigurationProperties("iris.providers.fcm")
record FcmSettings(
    boolean enabled,
    String baseUrl,
    BigDecimal costPerMessage,
    String projectId,
    String accessToken) {
  FcmSettings {
    baseUrl = orEmpty(baseUrl);
    costPerMessage = orZero(costPerMessage);
    projectId = orEmpty(projectId);
    accessToken = orEmpty(accessToken);
  }

  @Override
  public String toString() {
    return "FcmSettings[enabled="
        + enabled
        + ", baseUrl="
        + baseUrl
        + ", projectId="
        + projectId
        + "]";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
