package io.iris.activities.incident.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.incident.IncidentLinks;
import io.iris.activities.platform.ClockConfiguration;
import io.iris.integrations.slack.SlackConfiguration;
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

/** The activities assemble from iris-incidents-slack.yml, and its keys bind as documented. */
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
                  new YamlPropertySourceLoader()
                      .load(
                          "iris-incidents-slack", new ClassPathResource("iris-incidents-slack.yml"))
                      .forEach(context.getEnvironment().getPropertySources()::addLast);
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
          assertThat(settings.apiUrl()).isEqualTo("https://slack.com/api/");
          assertThat(settings.botToken()).isEmpty();
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
              assertThat(settings.apiUrl()).isEqualTo("http://localhost:9999/api/");
              assertThat(settings.botToken()).isEqualTo("xoxb-from-env");
              assertThat(settings.signingSecret()).isEqualTo("from-env");
              assertThat(settings.channel()).isEqualTo("C0ENV");
              assertThat(settings.toString()).doesNotContain("xoxb-from-env", "from-env");
            });
  }
}
