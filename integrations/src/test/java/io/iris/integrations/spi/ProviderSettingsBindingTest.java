package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/** The defaults in iris-providers.yml bind to the settings records under the documented keys. */
class ProviderSettingsBindingTest {

  private final MutablePropertySources sources = new MutablePropertySources();

  @BeforeEach
  void loadTheYml() throws Exception {
    for (PropertySource<?> source :
        new YamlPropertySourceLoader()
            .load("iris-providers", new ClassPathResource("iris-providers.yml"))) {
      sources.addLast(source);
    }
  }

  private Binder binder() {
    return new Binder(
        ConfigurationPropertySources.from(sources),
        new PropertySourcesPlaceholdersResolver(sources));
  }

  @Test
  void givenNoEnvironment_whenBinding_itShouldGiveTheDocumentedDefaults() {
    ProviderHttpSettings settings =
        binder().bind("iris.providers", ProviderHttpSettings.class).get();

    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(binder().bind("iris.providers.reconcile", ReconcileSettings.class).get().clockSkew())
        .isEqualTo(Duration.ofSeconds(30));
    // Each provider's own block is checked with its adapter (e.g. TwilioAdapterTest).
  }

  @Test
  void givenNoEnvironment_whenBindingThePublicBaseUrl_itShouldKeepTheLocalPortToken() {
    PublicBaseUrlSettings settings = binder().bind("iris", PublicBaseUrlSettings.class).get();

    assertThat(settings.publicBaseUrl()).isEqualTo("http://localhost:{local-port}");
  }

  @Test
  void givenEnvironmentVariables_whenBinding_itShouldUseThem() {
    sources.addFirst(
        new MapPropertySource(
            "env",
            java.util.Map.of(
                "IRIS_TWILIO_BASE_URL", "http://localhost:{local-port}/sim/twilio",
                "IRIS_TWILIO_ACCOUNT_SID", "AC-from-env",
                "IRIS_SLACK_API_URL", "http://localhost:9999/api/",
                "IRIS_PROVIDER_READ_TIMEOUT", "3s",
                "IRIS_PROVIDER_CALL_TIMEOUT", "4s",
                "IRIS_PROVIDER_RECONCILE_CLOCK_SKEW", "5s",
                "IRIS_TEAMS_ALLOWED_HOSTS", "localhost",
                "IRIS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true",
                "IRIS_PUBLIC_BASE_URL", "https://iris.example.com")));

    ProviderHttpSettings settings =
        binder().bind("iris.providers", ProviderHttpSettings.class).get();

    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(binder().bind("iris.providers.reconcile", ReconcileSettings.class).get().clockSkew())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(binder().bind("iris", PublicBaseUrlSettings.class).get().publicBaseUrl())
        .isEqualTo("https://iris.example.com");
  }
}
