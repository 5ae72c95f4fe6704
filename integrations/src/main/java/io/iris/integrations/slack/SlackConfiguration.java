package io.iris.integrations.slack;

import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Slack's settings, bound into this one package: the connection {@code iris.providers.slack.*} (Web
 * API URL and bot token, shared by the {@code slack} channel and incident messages) and what only
 * incidents need, {@code iris.incidents.slack.*} (channel, signing secret, tolerance). Both
 * directions post through {@link SlackWebClients}, the one client cache.
 *
 * <p>The incident block used to carry its own {@code api-url} and {@code bot-token}; a setting of
 * either (in a file, or as {@code IRIS_INCIDENTS_SLACK_API_URL} by relaxed binding) stops the
 * start-up naming the setting to use instead, rather than being silently ignored.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SlackSettings.class, SlackIncidentSettings.class})
public class SlackConfiguration {

  /** A removed setting and the one that replaces it. */
  record Removed(String key, String replacement, String variable) {}

  static final List<Removed> REMOVED =
      List.of(
          new Removed(
              SlackIncidentSettings.PREFIX + "api-url",
              SlackConnection.BASE_URL_SETTING,
              "IRIS_SLACK_API_URL"),
          new Removed(
              SlackIncidentSettings.PREFIX + "bot-token",
              SlackConnection.BOT_TOKEN_SETTING,
              "IRIS_SLACK_BOT_TOKEN"));

  public SlackConfiguration(Environment environment) {
    refuseRemovedSettings(environment);
  }

  @Bean
  SlackConnection slackConnection(SlackSettings settings) {
    return new SlackConnection(settings.baseUrl(), settings.botToken());
  }

  /**
   * @throws IllegalStateException naming the first removed setting that is set, and its successor
   */
  static void refuseRemovedSettings(Environment environment) {
    Binder binder = Binder.get(environment);
    for (Removed removed : REMOVED) {
      if (binder.bind(removed.key(), String.class).isBound()) {
        throw new IllegalStateException(
            removed.key()
                + " is no longer read: Slack's Web API URL and bot token are set once, for the"
                + " slack channel and incidents alike. Set "
                + removed.replacement()
                + " (environment variable "
                + removed.variable()
                + ") instead and remove "
                + removed.key()
                + ".");
      }
    }
  }
}
