package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.send.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog of providers, over adapters that only say who they are (each real adapter's settings
 * are its package's own; {@link ProviderWiringTest} assembles the real ones from the yml).
 */
class ProviderRegistryTest {

  private record Named(String name, Channel channel, boolean enabled) implements ProviderAdapter {
    @Override
    public ProviderAcceptance send(OutboundMessage message) {
      throw new UnsupportedOperationException();
    }
  }

  private static List<ProviderAdapter> every(String disabled) {
    return List.of(
        new Named("twilio", Channel.SMS, !"twilio".equals(disabled)),
        new Named("telnyx", Channel.SMS, !"telnyx".equals(disabled)),
        new Named("plivo", Channel.SMS, !"plivo".equals(disabled)),
        new Named("sendgrid", Channel.EMAIL, true),
        new Named("postmark", Channel.EMAIL, true),
        new Named("slack", Channel.SLACK, true),
        new Named("teams", Channel.TEAMS, true),
        new Named("webhook", Channel.WEBHOOK, true),
        new Named("fcm", Channel.PUSH, true));
  }

  @Test
  void givenEveryAdapter_whenFindingByName_itShouldFindEachAndNothingElse() {
    ProviderRegistry registry = new ProviderRegistry(every(""));

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
    ProviderRegistry registry = new ProviderRegistry(every(""));

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
    ProviderRegistry registry = new ProviderRegistry(every("telnyx"));

    assertThat(registry.forChannel(Channel.SMS))
        .extracting(ProviderAdapter::name)
        .containsExactly("plivo", "twilio");
    assertThat(registry.find("telnyx")).isPresent();
    assertThat(registry.isEnabled("telnyx")).isFalse();
    assertThat(registry.isEnabled("twilio")).isTrue();
    assertThat(registry.isEnabled("ses")).isFalse();
  }

  @Test
  void givenNoSettingsAtAll_whenListingChannels_itShouldOfferNoProvider() {
    // An adapter whose yml block is missing binds enabled=false (see ProviderWiringTest).
    ProviderRegistry registry =
        new ProviderRegistry(
            every("").stream()
                .map(a -> (ProviderAdapter) new Named(a.name(), a.channel(), false))
                .toList());

    for (Channel channel : Channel.values()) {
      assertThat(registry.forChannel(channel)).isEmpty();
    }
    assertThat(registry.all()).hasSize(9);
  }

  @Test
  void givenARecipient_whenAskingTheCatalog_itShouldApplyTheOneRuleOfItsChannel() {
    ProviderRegistry registry = new ProviderRegistry(every(""));

    assertThat(registry.recipientProblem(Channel.SMS, "+14155550100")).isEmpty();
    assertThat(registry.recipientProblem(Channel.SMS, "4155550100"))
        .get()
        .asString()
        .contains("E.164");
    assertThat(registry.recipientProblem(Channel.EMAIL, "ops@@iris.example")).isPresent();
  }

  @Test
  void givenTwoAdaptersWithOneName_whenBuilding_itShouldRefuse() {
    List<ProviderAdapter> twice =
        List.of(new Named("twilio", Channel.SMS, true), new Named("twilio", Channel.SMS, true));

    assertThatThrownBy(() -> new ProviderRegistry(twice))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("twilio");
  }
}
