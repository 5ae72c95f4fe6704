package io.iris.integrations.slack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack for incidents ({@code iris.incidents.slack.*}; defaults written once in {@code
 * iris-incidents-slack.yml}). The bot token and channel are used by {@link
 * SlackIncidentActivitiesImpl}; the signing secret and tolerance by the interactivity endpoint of
 * the api module. Empty values are normal: Slack is simply not configured, and whatever needs the
 * missing value refuses, naming the setting.
 *
 * @param apiUrl the Web API methods prefix, trailing slash optional ({@code IRIS_SLACK_API_URL});
 *     may contain {@code {local-port}}, resolved at call time
 * @param botToken the bot token, {@code xoxb-…} ({@code IRIS_SLACK_BOT_TOKEN})
 * @param signingSecret the app's signing secret, for interactivity requests ({@code
 *     IRIS_SLACK_SIGNING_SECRET})
 * @param channel the channel incidents are posted in, an id ({@code IRIS_SLACK_CHANNEL})
 * @param signatureTolerance how far a signed request's timestamp may be from now, either way
 */
@ConfigurationProperties("iris.incidents.slack")
public record SlackIncidentSettings(
    String apiUrl,
    String botToken,
    String signingSecret,
    String channel,
    Duration signatureTolerance) {

  /** Settings keys, for messages that name a missing one. */
  public static final String PREFIX = "iris.incidents.slack.";

  /**
   * Slack's documented replay window. Applied when the yml is not imported, so a missing default
   * never switches the timestamp check off.
   */
  static final Duration DEFAULT_SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

  public SlackIncidentSettings {
    apiUrl = trimmed(apiUrl);
    botToken = trimmed(botToken);
    signingSecret = trimmed(signingSecret);
    channel = trimmed(channel);
    signatureTolerance =
        signatureTolerance == null || signatureTolerance.isNegative()
            ? DEFAULT_SIGNATURE_TOLERANCE
            : signatureTolerance;
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }

  /** Never prints the token or the secret, only whether they are set. */
  @Override
  public String toString() {
    return "SlackIncidentSettings[apiUrl="
        + apiUrl
        + ", botToken="
        + (botToken.isEmpty() ? "<empty>" : "<set>")
        + ", signingSecret="
        + (signingSecret.isEmpty() ? "<empty>" : "<set>")
        + ", channel="
        + channel
        + ", signatureTolerance="
        + signatureTolerance
        + "]";
  }
}
