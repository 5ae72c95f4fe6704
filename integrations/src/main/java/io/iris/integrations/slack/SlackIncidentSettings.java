package io.iris.integrations.slack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What only incidents need of Slack ({@code iris.incidents.slack.*}; defaults written once in
 * {@code iris-incidents-slack.yml}). The Web API URL and bot token are not here: they are the one
 * {@link SlackConnection} ({@code iris.providers.slack.*}) the {@code slack} channel uses too. The
 * channel is used by the incident activities; the signing secret and tolerance by the interactivity
 * endpoint of the api module. Empty values are normal: Slack is simply not configured, and whatever
 * needs the missing value refuses, naming the setting.
 *
 * @param signingSecret the app's signing secret, for interactivity requests ({@code
 *     IRIS_SLACK_SIGNING_SECRET})
 * @param channel the channel incidents are posted in, an id ({@code IRIS_SLACK_CHANNEL})
 * @param signatureTolerance how far a signed request's timestamp may be from now, either way
 */
@ConfigurationProperties("iris.incidents.slack")
public record SlackIncidentSettings(
    String signingSecret, String channel, Duration signatureTolerance) {

  /** Settings keys, for messages that name a missing one. */
  public static final String PREFIX = "iris.incidents.slack.";

  /**
   * Slack's documented replay window. Applied when the yml is not imported, so a missing default
   * never switches the timestamp check off.
   */
  static final Duration DEFAULT_SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

  public SlackIncidentSettings {
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

  /** Never prints the secret, only whether it is set. */
  @Override
  public String toString() {
    return "SlackIncidentSettings[signingSecret="
        + (signingSecret.isEmpty() ? "<empty>" : "<set>")
        + ", channel="
        + channel
        + ", signatureTolerance="
        + signatureTolerance
        + "]";
  }
}
