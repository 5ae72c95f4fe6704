package io.iris.activities.send.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
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
    ProviderSettings settings = binder().bind("iris.providers", ProviderSettings.class).get();

    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(binder().bind("iris.providers.reconcile", ReconcileSettings.class).get().clockSkew())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.twilio().baseUrl()).isEqualTo("https://api.twilio.com");
    assertThat(settings.twilio().costPerMessage()).isEqualByComparingTo("0.0079");
    assertThat(settings.twilio().accountSid()).isEmpty();
    assertThat(settings.twilio().authToken()).isEmpty();
    assertThat(settings.telnyx().baseUrl()).isEqualTo("https://api.telnyx.com");
    assertThat(settings.telnyx().costPerMessage()).isEqualByComparingTo("0.004");
    assertThat(settings.plivo().baseUrl()).isEqualTo("https://api.plivo.com");
    assertThat(settings.plivo().costPerMessage()).isEqualByComparingTo("0.0050");
    assertThat(settings.sendgrid().baseUrl()).isEqualTo("https://api.sendgrid.com");
    assertThat(settings.sendgrid().costPerMessage()).isEqualByComparingTo("0.00095");
    assertThat(settings.postmark().baseUrl()).isEqualTo("https://api.postmarkapp.com");
    assertThat(settings.postmark().costPerMessage()).isEqualByComparingTo("0.0012");
    assertThat(settings.slack().baseUrl()).isEqualTo("https://slack.com/api/");
    assertThat(settings.slack().botToken()).isEmpty();
    assertThat(settings.teams().allowedHosts())
        .containsExactly("webhook.office.com", "logic.azure.com");
    assertThat(settings.webhook().allowPrivateAddresses()).isFalse();
    assertThat(settings.webhook().signingSecret()).isEmpty();
    assertThat(settings.fcm().baseUrl()).isEqualTo("https://fcm.googleapis.com");
    assertThat(settings.byName().values())
        .hasSize(9)
        .allSatisfy(provider -> assertThat(provider.enabled()).isTrue());
    assertThat(settings.slack().costPerMessage()).isEqualByComparingTo(BigDecimal.ZERO);
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

    ProviderSettings settings = binder().bind("iris.providers", ProviderSettings.class).get();

    assertThat(settings.twilio().baseUrl()).isEqualTo("http://localhost:{local-port}/sim/twilio");
    assertThat(settings.twilio().accountSid()).isEqualTo("AC-from-env");
    assertThat(settings.slack().baseUrl()).isEqualTo("http://localhost:9999/api/");
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(binder().bind("iris.providers.reconcile", ReconcileSettings.class).get().clockSkew())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.teams().allowedHosts()).isEqualTo(List.of("localhost"));
    assertThat(settings.webhook().allowPrivateAddresses()).isTrue();
    assertThat(binder().bind("iris", PublicBaseUrlSettings.class).get().publicBaseUrl())
        .isEqualTo("https://iris.example.com");
  }

  @Test
  void givenCredentials_whenPrinted_itShouldNotShowThem() {
    ProviderSettings settings = ProviderFixtures.settings();

    assertThat(settings.toString())
        .doesNotContain("twilio-secret")
        .doesNotContain("KEY-telnyx-secret")
        .doesNotContain("plivo-secret")
        .doesNotContain("SG.sendgrid-secret")
        .doesNotContain("postmark-secret")
        .doesNotContain("xoxb-slack-secret")
        .doesNotContain("webhook-signing-secret")
        .doesNotContain("ya29.fcm-secret");
  }
}
