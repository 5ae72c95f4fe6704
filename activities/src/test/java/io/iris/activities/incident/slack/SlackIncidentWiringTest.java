package io.iris.activities.incident.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.incident.IncidentLinks;
import io.iris.activities.platform.ClockConfiguration;
import io.iris.integrations.slack.SlackConfiguration;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.integrations.spi.ProviderHttpConfiguration;
import io.iris.integrations.spi.SelfUrls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/**
 * The activities assemble from iris-incidents-slack.yml and the one Slack connection of
 * iris-providers.yml, and their keys bind as documented.
 */
class SlackIncidentWiringTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(
              ClockConfiguration.class,
              SelfUrls.class,
              ProviderHttpConfiguration.class,
              SlackConfiguration.class,
              SlackWebClients.class,
              IncidentLinks.class,
              SlackIncidentActivitiesImpl.class)
          .withInitializer(
              context -> {
                try {
                  for (String file : new String[] {"iris-incidents-slack", "iris-providers"}) {
                    new YamlPropertySourceLoader()
                        .load(file, new ClassPathResource(file + ".yml"))
                        .forEach(context.getEnvironment().getPropertySources()::addLast);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });

  @Test
  void givenTheYml_whenTheContextStarts_itShouldBindTheDefaults() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(SlackIncidentActivitiesImpl.class);
          SlackIncidentSettings settings = context.getBean(SlackIncidentSettings.class);
          SlackConnection connection = context.getBean(SlackConnection.class);
          assertThat(connection.baseUrl()).isEqualTo("https://slack.com/api/");
          assertThat(connection.botToken()).isEmpty();
          assertThat(settings.signingSecret()).isEmpty();
          assertThat(settings.channel()).isEmpty();
          assertThat(settings.signatureTolerance()).isEqualTo(Duration.ofMinutes(5));
        });
  }

  @Test
  void givenEnvironmentVariables_whenTheContextStarts_itShouldUseThem() {
    runner
        .withSystemProperties(
            "IRIS_SLACK_API_URL=http://localhost:9999/api/",
            "IRIS_SLACK_BOT_TOKEN=xoxb-from-env",
            "IRIS_SLACK_SIGNING_SECRET=from-env",
            "IRIS_SLACK_CHANNEL=C0ENV")
        .run(
            context -> {
              SlackIncidentSettings settings = context.getBean(SlackIncidentSettings.class);
              SlackConnection connection = context.getBean(SlackConnection.class);
              assertThat(connection.baseUrl()).isEqualTo("http://localhost:9999/api/");
              assertThat(connection.botToken()).isEqualTo("xoxb-from-env");
              assertThat(settings.signingSecret()).isEqualTo("from-env");
              assertThat(settings.channel()).isEqualTo("C0ENV");
              assertThat(settings.toString()).doesNotContain("from-env");
              assertThat(connection.toString()).doesNotContain("xoxb-from-env");
            });
  }
}
