package io.iris.integrations.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The defaults of iris-incidents-pagerduty.yml and the environment variables that override them.
 */
class PagerDutySettingsTest {

  private final MutablePropertySources sources = new MutablePropertySources();

  @BeforeEach
  void loadTheYml() throws Exception {
    for (PropertySource<?> source :
        new YamlPropertySourceLoader()
            .load(
                "iris-incidents-pagerduty",
                new ClassPathResource("iris-incidents-pagerduty.yml"))) {
      sources.addLast(source);
    }
  }

  private PagerDutySettings bind() {
    return new Binder(
            ConfigurationPropertySources.from(sources),
            new PropertySourcesPlaceholdersResolver(sources))
        .bind("iris.pagerduty", PagerDutySettings.class)
        .get();
  }

  @Test
  void givenNoEnvironment_whenBinding_itShouldGiveTheDocumentedDefaults() {
    PagerDutySettings settings = bind();

    assertThat(settings.eventsUrl()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
    assertThat(settings.routingKey()).isEmpty();
    assertThat(settings.webhookSecret()).isEmpty();
    assertThat(settings.source()).isEqualTo("iris");
    assertThat(settings.rateLimitRetryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void givenEnvironmentVariables_whenBinding_itShouldUseThem() {
    sources.addFirst(
        new MapPropertySource(
            "env",
            Map.of(
                "IRIS_PAGERDUTY_EVENTS_URL",
                    "http://localhost:{local-port}/sim/pagerduty/v2/enqueue",
                "IRIS_PAGERDUTY_ROUTING_KEY", "0123456789abcdef0123456789abcdef",
                "IRIS_PAGERDUTY_WEBHOOK_SECRET", "whsec",
                "IRIS_PAGERDUTY_SOURCE", "iris-prod")));

    PagerDutySettings settings = bind();

    assertThat(settings.eventsUrl())
        .isEqualTo("http://localhost:{local-port}/sim/pagerduty/v2/enqueue");
    assertThat(settings.routingKey()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(settings.webhookSecret()).isEqualTo("whsec");
    assertThat(settings.source()).isEqualTo("iris-prod");
  }

  @Test
  void givenNothingBound_whenMade_itShouldStillHaveUsableDefaults() {
    PagerDutySettings settings = new PagerDutySettings(null, null, null, " ", null);

    assertThat(settings.eventsUrl()).isEqualTo(PagerDutySettings.DEFAULT_EVENTS_URL);
    assertThat(settings.routingKey()).isEmpty();
    assertThat(settings.source()).isEqualTo("iris");
    assertThat(settings.rateLimitRetryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void givenSecrets_whenPrinted_itShouldNotShowThem() {
    PagerDutySettings settings =
        new PagerDutySettings(null, "0123456789abcdef0123456789abcdef", "whsec-value", null, null);

    assertThat(settings.toString())
        .doesNotContain("0123456789abcdef0123456789abcdef")
        .doesNotContain("whsec-value")
        .contains("routingKey=<set>");
  }
}
