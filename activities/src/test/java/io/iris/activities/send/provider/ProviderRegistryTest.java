package io.iris.activities.send.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ProviderRegistryTest {

  private final MockEnvironment environment = new MockEnvironment();
  private final ProviderHttp http =
      ProviderFixtures.http(environment, ProviderContractTest.READ_TIMEOUT);
  private final StatusCallbacks callbacks = ProviderFixtures.callbacks(environment);

  private List<ProviderAdapter> adapters(ProviderSettings settings) {
    return List.of(
        new TwilioAdapter(settings, http, callbacks),
        new TelnyxAdapter(settings, http, callbacks),
        new PlivoAdapter(settings, http),
        new SendGridAdapter(settings, http),
        new PostmarkAdapter(settings, http),
        new SlackAdapter(settings, http),
        new TeamsAdapter(settings, http),
        new WebhookAdapter(settings, http),
        new FcmAdapter(settings, http));
  }

  @Test
  void givenEveryAdapter_whenFindingByName_itShouldFindEachAndNothingElse() {
    ProviderSettings settings = ProviderFixtures.settings();
    ProviderRegistry registry = new ProviderRegistry(adapters(settings), settings);

    for (String name :
        List.of(
            "twilio",
            "telnyx",
            "plivo",
            "sendgrid",
            "postmark",
            "slack",
            "teams",
            "webhook",
            "fcm")) {
      assertThat(registry.find(name)).get().extracting(ProviderAdapter::name).isEqualTo(name);
    }
    assertThat(registry.find("ses")).isEmpty();
    assertThat(registry.find(null)).isEmpty();
  }

  @Test
  void givenAllEnabled_whenListingAChannel_itShouldGiveItsProvidersByName() {
    ProviderSettings settings = ProviderFixtures.settings();
    ProviderRegistry registry = new ProviderRegistry(adapters(settings), settings);

    assertThat(registry.forChannel(Channel.SMS))
        .extracting(ProviderAdapter::name)
        .containsExactly("plivo", "telnyx", "twilio");
    assertThat(registry.forChannel(Channel.EMAIL))
        .extracting(ProviderAdapter::name)
        .containsExactly("postmark", "sendgrid");
    assertThat(registry.forChannel(Channel.PUSH))
        .extracting(ProviderAdapter::name)
        .containsExactly("fcm");
  }

  @Test
  void givenADisabledProvider_whenListingItsChannel_itShouldLeaveItOutButStillFindIt() {
    ProviderSettings settings =
        ProviderFixtures.settings(
            new ProviderSettings.Telnyx(false, "", BigDecimal.ZERO, "key", "+15550002222"));
    ProviderRegistry registry = new ProviderRegistry(adapters(settings), settings);

    assertThat(registry.forChannel(Channel.SMS))
        .extracting(ProviderAdapter::name)
        .containsExactly("plivo", "twilio");
    assertThat(registry.find("telnyx")).isPresent();
    assertThat(registry.isEnabled("telnyx")).isFalse();
    assertThat(registry.isEnabled("twilio")).isTrue();
  }

  @Test
  void givenNoSettingsAtAll_whenListingChannels_itShouldOfferNoProvider() {
    ProviderSettings none =
        new ProviderSettings(
            null, null, null, null, null, null, null, null, null, null, null, null);
    ProviderRegistry registry = new ProviderRegistry(adapters(none), none);

    for (Channel channel : Channel.values()) {
      assertThat(registry.forChannel(channel)).isEmpty();
    }
  }

  @Test
  void givenTwoAdaptersWithOneName_whenBuilding_itShouldRefuse() {
    ProviderSettings settings = ProviderFixtures.settings();
    List<ProviderAdapter> twice =
        List.of(
            new TwilioAdapter(settings, http, callbacks),
            new TwilioAdapter(settings, http, callbacks));

    assertThatThrownBy(() -> new ProviderRegistry(twice, settings))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("twilio");
  }
}
