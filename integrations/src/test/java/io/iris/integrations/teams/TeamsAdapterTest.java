package io.iris.integrations.teams;

import static io.iris.integrations.spi.ProviderFixtures.IDEMPOTENCY_KEY;
import static io.iris.integrations.spi.ProviderFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderContractTest;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderYml;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TeamsAdapterTest extends ProviderContractTest {

  private static final String HOOK_PATH = "/webhookb2/1a2b3c/IncomingWebhook/4d5e6f/7a8b";

  private TeamsAdapter adapter(Object... replacements) {
    return new TeamsAdapter(settings(replacements), http);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static TeamsSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (TeamsSettings) replacements[0]
        : new TeamsSettings(
            true, BigDecimal.ZERO, List.of("webhook.office.com", "logic.azure.com", "localhost"));
  }

  /** The recipient as a simulator URL would be configured: with the port token. */
  private static String hook() {
    return "http://localhost:{local-port}" + HOOK_PATH;
  }

  @Test
  void givenAnAllowedWebhookUrl_whenSending_itShouldPostAMessageCardToIt() throws Exception {
    answer(new MockResponse().setResponseCode(200).setBody("1"));

    ProviderAcceptance acceptance = adapter().send(message(Channel.TEAMS, hook()));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance(IDEMPOTENCY_KEY, BigDecimal.ZERO, true));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo(HOOK_PATH);
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode card = json(request);
    assertThat(card.path("@type").asText()).isEqualTo("MessageCard");
    assertThat(card.path("@context").asText()).isEqualTo("https://schema.org/extensions");
    assertThat(card.path("summary").asText()).isEqualTo("Disk almost full");
    assertThat(card.path("title").asText()).isEqualTo("Disk almost full");
    assertThat(card.path("text").asText()).isEqualTo("db-1 is at 91% disk");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/webhookb2/x",
        "https://webhook.office.com.evil.example/x",
        "https://notwebhook.office.com/x",
        "not a url"
      })
  void givenAUrlOutsideTheAllowedHosts_whenSending_itShouldRefuseWithoutACall(String to) {
    assertThat(failure(() -> adapter().send(message(Channel.TEAMS, to))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenLocalhostIsNotAllowed_whenSendingToALocalUrl_itShouldRefuseWithoutACall() {
    TeamsAdapter adapter =
        adapter(new TeamsSettings(true, BigDecimal.ZERO, List.of("webhook.office.com")));

    assertThat(failure(() -> adapter.send(message(Channel.TEAMS, hook()))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenPlainHttpToAnAllowedPublicHost_whenSending_itShouldRefuseWithoutACall() {
    assertThat(
            failure(
                    () ->
                        adapter()
                            .send(message(Channel.TEAMS, "http://contoso.webhook.office.com/x")))
                .kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404})
  void givenTheWebhookIsGoneOrBad_whenSending_itShouldBeAnInvalidRecipient(int status) {
    answer(new MockResponse().setResponseCode(status).setBody("Bad payload or removed webhook"));

    assertThat(failure(() -> adapter().send(message(Channel.TEAMS, hook()))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
  }

  @Test
  void givenA429WithRetryAfter_whenSending_itShouldBeRateLimited() {
    answer(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.TEAMS, hook())));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void givenALegacyThrottleInsideA200_whenSending_itShouldBeRateLimited() {
    answer(
        new MockResponse()
            .setResponseCode(200)
            .setBody(
                "Webhook message delivery failed with error: Microsoft Teams endpoint returned"
                    + " HTTP error 429 with ContextId tcid=0"));

    assertThat(failure(() -> adapter().send(message(Channel.TEAMS, hook()))).kind())
        .isEqualTo(Kind.RATE_LIMITED);
  }

  @Test
  void givenA502_whenSending_itShouldBeUnavailable() {
    answer(new MockResponse().setResponseCode(502));

    assertThat(failure(() -> adapter().send(message(Channel.TEAMS, hook()))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.TEAMS, hook()))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(new MockResponse().setResponseCode(401));

    assertThat(failure(() -> adapter().send(message(Channel.TEAMS, hook()))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    TeamsSettings settings = ProviderYml.bind("iris.providers.teams", TeamsSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.allowedHosts()).containsExactly("webhook.office.com", "logic.azure.com");
    assertThat(
            ProviderYml.bind(
                    "iris.providers.teams",
                    TeamsSettings.class,
                    java.util.Map.of("IRIS_TEAMS_ALLOWED_HOSTS", "localhost"))
                .allowedHosts())
        .isEqualTo(List.of("localhost"));
  }
}
