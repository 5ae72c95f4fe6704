package io.iris.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Slack's Web API URL and bot token are one setting, {@code iris.providers.slack.*}, for the
 * channel and incidents alike; the incident block's old {@code api-url} / {@code bot-token} stop
 * the start-up naming their successor instead of being silently ignored.
 */
class SlackConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(SlackConfiguration.class);

  /** The process environment as the operator's shell gives it (relaxed binding applies). */
  private static ApplicationContextRunner withVariables(
      ApplicationContextRunner runner, Map<String, Object> variables) {
    return runner.withInitializer(
        context ->
            context
                .getEnvironment()
                .getPropertySources()
                .replace(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
  }

  @Test
  void givenTheProviderSettings_whenTheContextStarts_theConnectionShouldBeThoseForIncidentsToo() {
    runner
        .withPropertyValues(
            "iris.providers.slack.base-url=https://slack.example.com/api/",
            "iris.providers.slack.bot-token=xoxb-one-token",
            "iris.incidents.slack.channel=C0INCIDENTS")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SlackConnection connection = context.getBean(SlackConnection.class);
              assertThat(connection.baseUrl()).isEqualTo("https://slack.example.com/api/");
              assertThat(connection.botToken()).isEqualTo("xoxb-one-token");
              assertThat(connection.toString()).doesNotContain("xoxb-one-token");
              assertThat(context.getBean(SlackIncidentSettings.class).channel())
                  .isEqualTo("C0INCIDENTS");
            });
  }

  @Test
  void givenTheRemovedIncidentApiUrlInAFile_whenTheContextStarts_itShouldFailNamingTheNewKey() {
    runner
        .withPropertyValues("iris.incidents.slack.api-url=https://slack.example.com/api/")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("iris.incidents.slack.api-url is no longer read")
                  .hasMessageContaining("iris.providers.slack.base-url")
                  .hasMessageContaining("IRIS_SLACK_API_URL");
            });
  }

  @Test
  void
      givenTheRemovedIncidentBotTokenInCamelCase_whenTheContextStarts_itShouldFailNamingTheNewKey() {
    runner
        .withPropertyValues("iris.incidents.slack.botToken=xoxb-old")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("iris.incidents.slack.bot-token is no longer read")
                  .hasMessageContaining("iris.providers.slack.bot-token")
                  .hasMessageContaining("IRIS_SLACK_BOT_TOKEN")
                  .hasMessageNotContaining("xoxb-old");
            });
  }

  @Test
  void givenIrisIncidentsSlackApiUrlInTheEnvironment_whenTheContextStarts_itShouldFailNamingIt() {
    withVariables(runner, Map.of("IRIS_INCIDENTS_SLACK_API_URL", "http://localhost:9/api/"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("iris.incidents.slack.api-url")
                  .hasMessageContaining("iris.providers.slack.base-url");
            });
  }

  @Test
  void givenOnlyTheIncidentSpecificSettingsInTheEnvironment_whenTheContextStarts_itShouldStart() {
    withVariables(
            runner,
            Map.of(
                "IRIS_INCIDENTS_SLACK_CHANNEL", "C0ENV",
                "IRIS_INCIDENTS_SLACK_SIGNING_SECRET", "secret"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SlackIncidentSettings.class).channel()).isEqualTo("C0ENV");
            });
  }
}
