package io.iris.integrations.slack;

/**
 * The one Slack workspace IRIS talks to: the Web API methods prefix and the bot token of {@code
 * iris.providers.slack.*} ({@code IRIS_SLACK_API_URL}, {@code IRIS_SLACK_BOT_TOKEN}), used by the
 * {@code slack} channel and by incident messages alike. Made from {@link SlackSettings} in {@link
 * SlackConfiguration}; there is no second binding.
 *
 * @param baseUrl the methods prefix; may contain {@code {local-port}}, resolved at call time
 * @param botToken the bot token, {@code xoxb-…}; empty when Slack is not configured
 */
public record SlackConnection(String baseUrl, String botToken) {

  /** The settings keys, for messages that name a missing one. */
  public static final String BASE_URL_SETTING = "iris.providers.slack.base-url";

  public static final String BOT_TOKEN_SETTING = "iris.providers.slack.bot-token";

  public SlackConnection {
    baseUrl = baseUrl == null ? "" : baseUrl.trim();
    botToken = botToken == null ? "" : botToken.trim();
  }

  /** Never prints the token, only whether it is set. */
  @Override
  public String toString() {
    return "SlackConnection[baseUrl="
        + baseUrl
        + ", botToken="
        + (botToken.isEmpty() ? "<empty>" : "<set>")
        + "]";
  }
}
