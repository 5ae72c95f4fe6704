package io.iris.workflows.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one recipient rule, as the API and every adapter apply it. */
class RecipientsTest {

  private static final Recipients.Rules STRICT = new Recipients.Rules(List.of(), false);

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"})
  void givenAPublicAddress_whenCheckingIt_itShouldNotBePrivate(String address) throws Exception {
    assertThat(Recipients.isPrivate(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "100.64.0.1", "fe80::1", "0.0.0.0"})
  void givenAnInternalAddress_whenCheckingIt_itShouldBePrivate(String address) throws Exception {
    assertThat(Recipients.isPrivate(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ops@iris.example", "a.b+tag@mail.iris.example"})
  void givenAnEmailAddress_whenChecked_itShouldPass(String to) {
    assertThat(Recipients.problem(Channel.EMAIL, to, STRICT)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ops@iris", "ops@@iris.example", "o..ps@iris.example", "ops iris@x.io"})
  void givenSomethingElse_whenCheckedAsEmail_itShouldSayItIsNotAnAddress(String to) {
    assertThat(Recipients.problem(Channel.EMAIL, to, STRICT)).contains("is not an email address");
  }

  @Test
  void givenAWebhookUrlOnAPrivateLiteral_whenChecked_itShouldBeRefusedUnlessAllowed() {
    assertThat(Recipients.problem(Channel.WEBHOOK, "https://10.0.0.5/hook", STRICT))
        .contains("is a URL on a private, loopback or link-local address");
    assertThat(Recipients.problem(Channel.WEBHOOK, "http://hooks.customer.example/x", STRICT))
        .contains("is not an https URL");
    assertThat(
            Recipients.problem(
                Channel.WEBHOOK, "http://127.0.0.1:8080/x", new Recipients.Rules(List.of(), true)))
        .isEmpty();
  }

  @Test
  void givenATeamsUrl_whenChecked_itShouldNeedAnAllowedHost() {
    Recipients.Rules teams = new Recipients.Rules(List.of("webhook.office.com"), false);

    assertThat(
            Recipients.problem(
                Channel.TEAMS, "https://contoso.webhook.office.com/webhookb2/x", teams))
        .isEmpty();
    assertThat(Recipients.problem(Channel.TEAMS, "https://evil.example/webhook.office.com", teams))
        .contains("is a URL whose host is not in iris.providers.teams.allowed-hosts");
    assertThat(Recipients.problem(Channel.TEAMS, "ftp://contoso.webhook.office.com/x", teams))
        .contains("is not an http(s) URL");
  }
}
