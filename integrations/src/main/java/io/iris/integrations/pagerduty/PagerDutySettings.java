package io.iris.integrations.pagerduty;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * PagerDuty for incidents ({@code iris.pagerduty.*}; defaults written once in {@code
 * iris-incidents-pagerduty.yml}). The events URL, routing key and source are used by {@link
 * PagerDutyActivitiesImpl}; the webhook secret by the webhook endpoint of the api module. Empty
 * values are normal: PagerDuty is simply not configured, and whatever needs the missing value
 * refuses, naming the setting.
 *
 * @param eventsUrl the Events API v2 enqueue URL ({@code IRIS_PAGERDUTY_EVENTS_URL}); may contain
 *     {@code {local-port}}, resolved at call time
 * @param routingKey the integration key of the PagerDuty service ({@code
 *     IRIS_PAGERDUTY_ROUTING_KEY}); never logged
 * @param webhookSecret the signing secret of the webhook v3 subscription ({@code
 *     IRIS_PAGERDUTY_WEBHOOK_SECRET})
 * @param source {@code payload.source} of triggered events
 * @param rateLimitRetryDelay the next retry delay after a 429 (the library does not expose one)
 */
@ConfigurationProperties("iris.pagerduty")
public record PagerDutySettings(
    String eventsUrl,
    String routingKey,
    String webhookSecret,
    String source,
    Duration rateLimitRetryDelay) {

  /** Settings keys, for messages that name a missing one. */
  public static final String PREFIX = "iris.pagerduty.";

  public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
  static final String DEFAULT_SOURCE = "iris";
  static final Duration DEFAULT_RATE_LIMIT_RETRY_DELAY = Duration.ofSeconds(30);

  public PagerDutySettings {
    eventsUrl = trimmed(eventsUrl).isEmpty() ? DEFAULT_EVENTS_URL : eventsUrl.trim();
    routingKey = trimmed(routingKey);
    webhookSecret = trimmed(webhookSecret);
    source = trimmed(source).isEmpty() ? DEFAULT_SOURCE : source.trim();
    rateLimitRetryDelay =
        rateLimitRetryDelay == null || rateLimitRetryDelay.isNegative()
            ? DEFAULT_RATE_LIMIT_RETRY_DELAY
            : rateLimitRetryDelay;
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }

  /** Never prints the routing key or the secret, only whether they are set. */
  @Override
  public String toString() {
    return "PagerDutySettings[eventsUrl="
        + eventsUrl
        + ", routingKey="
        + (routingKey.isEmpty() ? "<empty>" : "<set>")
        + ", webhookSecret="
        + (webhookSecret.isEmpty() ? "<empty>" : "<set>")
        + ", source="
        + source
        + ", rateLimitRetryDelay="
        + rateLimitRetryDelay
        + "]";
  }
}
