package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.integrations.fcm.FcmAdapter;
import io.iris.integrations.plivo.PlivoAdapter;
import io.iris.integrations.postmark.PostmarkAdapter;
import io.iris.integrations.sendgrid.SendGridAdapter;
import io.iris.integrations.slack.SlackAdapter;
import io.iris.integrations.slack.SlackConfiguration;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.integrations.teams.TeamsAdapter;
import io.iris.integrations.telnyx.TelnyxAdapter;
import io.iris.integrations.twilio.TwilioAdapter;
import io.iris.integrations.webhook.WebhookAdapter;
import io.iris.workflows.send.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/** The adapters assemble as Spring beans from iris-providers.yml, sharing one client. */
class ProviderWiringTest {

  /** The application's clock (the platform provides one in activities). */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class TestClock {
    @org.springframework.context.annotation.Bean
    java.time.Clock clock() {
      return ProviderFixtures.CLOCK;
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(
              TestClock.class,
              SelfUrls.class,
              ProviderHttpConfiguration.class,
              StatusCallbacks.class,
              TwilioAdapter.class,
              TelnyxAdapter.class,
              PlivoAdapter.class,
              SendGridAdapter.class,
              PostmarkAdapter.class,
              SlackConfiguration.class,
              SlackWebClients.class,
              SlackAdapter.class,
              TeamsAdapter.class,
              WebhookAdapter.class,
              FcmAdapter.class,
              ProviderRegistry.class);

  @Test
  void givenTheProvidersYml_whenTheContextStarts_itShouldRegisterEveryAdapterAndOneClient() {
    runner
        .withInitializer(
            context -> {
              try {
                new YamlPropertySourceLoader()
                    .load("iris-providers", new ClassPathResource("iris-providers.yml"))
                    .forEach(context.getEnvironment().getPropertySources()::addLast);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(OkHttpClient.class);
              OkHttpClient client = context.getBean(OkHttpClient.class);
              assertThat(client.connectTimeoutMillis()).isEqualTo(2_000);
              assertThat(client.readTimeoutMillis()).isEqualTo(10_000);
              assertThat(client.followRedirects()).isFalse();
              ProviderRegistry registry = context.getBean(ProviderRegistry.class);
              assertThat(registry.all()).hasSize(9);
              assertThat(registry.forChannel(Channel.SMS))
                  .extracting(ProviderAdapter::name)
                  .containsExactly("plivo", "telnyx", "twilio");
            });
  }

  @Test
  void givenNoProvidersYml_whenTheContextStarts_itShouldStillStartWithEveryProviderDisabled() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          ProviderRegistry registry = context.getBean(ProviderRegistry.class);
          assertThat(registry.all()).hasSize(9);
          for (Channel channel : Channel.values()) {
            assertThat(registry.forChannel(channel)).isEmpty();
          }
        });
  }
}
