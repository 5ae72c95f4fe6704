package io.iris.integrations.slack;

import static io.iris.integrations.spi.ProviderFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderContractTest;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderFixtures;
import io.iris.integrations.spi.ProviderYml;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real slack-api-client, pointed at a fake Slack Web API. */
class SlackAdapterTest extends ProviderContractTest {

  private static final String CHANNEL = "C0123456789";
  private static final String POSTED =
      "{\"ok\":true,\"channel\":\""
          + CHANNEL
          + "\",\"ts\":\"1772366400.000100\","
          + "\"message\":{\"type\":\"message\",\"text\":\"x\"}}";

  private SlackAdapter adapter;

  private SlackWebClients clients() {
    clients = new SlackWebClients(http.selfUrls(), http.client());
    return clients;
  }

  private SlackWebClients clients;

  private SlackAdapter adapter(Object... replacements) {
    clients = new SlackWebClients(http.selfUrls(), http.client());
    adapter = new SlackAdapter(settings(replacements), http, clients);
    return adapter;
  }

  /** Settings against the local fake server, or the one given instead. */
  private static SlackSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (SlackSettings) replacements[0]
        : new SlackSettings(
            true, ProviderFixtures.LOCAL_BASE + "/api/", BigDecimal.ZERO, "xoxb-slack-secret");
  }

  @AfterEach
  void closeSlackClients() {
    if (adapter != null) {
      clients.destroy();
    }
  }

  @Test
  void givenABotToken_whenSending_itShouldCallChatPostMessageAndReturnTheTs() throws Exception {
    answer(200, POSTED);

    ProviderAcceptance acceptance = adapter().send(message(Channel.SLACK, CHANNEL));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance("1772366400.000100", BigDecimal.ZERO, true));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/api/chat.postMessage");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer xoxb-slack-secret");
    assertThat(form(request))
        .containsEntry("channel", CHANNEL)
        .containsEntry("text", "*Disk almost full*\ndb-1 is at 91% disk");
  }

  @ParameterizedTest
  @ValueSource(strings = {"channel_not_found", "not_in_channel", "is_archived"})
  void givenAChannelError_whenSending_itShouldBeAnInvalidRecipient(String error) {
    answer(200, "{\"ok\":false,\"error\":\"" + error + "\"}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SLACK, CHANNEL)));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RECIPIENT);
    assertThat(failure.providerCode()).isEqualTo(error);
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalid_auth", "not_authed"})
  void givenAnAuthError_whenSending_itShouldBeUnauthorized(String error) {
    answer(200, "{\"ok\":false,\"error\":\"" + error + "\"}");

    assertThat(failure(() -> adapter().send(message(Channel.SLACK, CHANNEL))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenAnHttp429WithRetryAfter_whenSending_itShouldBeRateLimitedForThatLong() {
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "30")
            .setBody("{\"ok\":false,\"error\":\"ratelimited\"}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.SLACK, CHANNEL)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.httpStatus()).isEqualTo(429);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void givenRatelimitedInAnOkAnswer_whenSending_itShouldBeRateLimited() {
    answer(
        new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setHeader("Retry-After", "4")
            .setBody("{\"ok\":false,\"error\":\"ratelimited\"}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.SLACK, CHANNEL)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(4));
  }

  @Test
  void givenA503_whenSending_itShouldBeUnavailable() {
    answer(503, "upstream connect error");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SLACK, CHANNEL)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.httpStatus()).isEqualTo(503);
  }

  @Test
  void givenAnotherError_whenSending_itShouldBeRejected() {
    answer(200, "{\"ok\":false,\"error\":\"msg_too_long\"}");

    assertThat(failure(() -> adapter().send(message(Channel.SLACK, CHANNEL))).kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.SLACK, CHANNEL))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenNoSlack_whenSending_itShouldBeUnavailable() throws Exception {
    server.shutdown();

    assertThat(failure(() -> adapter().send(message(Channel.SLACK, CHANNEL))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenNoBotToken_whenSending_itShouldBeUnauthorizedWithoutACall() {
    SlackAdapter adapter =
        adapter(
            new SlackSettings(true, ProviderFixtures.LOCAL_BASE + "/api/", BigDecimal.ZERO, ""));

    ProviderException failure = failure(() -> adapter.send(message(Channel.SLACK, CHANNEL)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.slack.bot-token");
    assertNoCall();
  }

  @Test
  void givenThePortChangesAfterStartUp_whenSending_itShouldResolveTheApiUrlAtCallTime()
      throws Exception {
    SlackAdapter adapter = adapter();
    answer(200, POSTED);
    adapter.send(message(Channel.SLACK, CHANNEL));
    try (MockWebServer later = new MockWebServer()) {
      later.enqueue(new MockResponse().setBody(POSTED.replace("000100", "000200")));
      later.start();
      environment.setProperty("local.server.port", Integer.toString(later.getPort()));

      ProviderAcceptance acceptance = adapter.send(message(Channel.SLACK, CHANNEL));

      assertThat(acceptance.providerMessageId()).isEqualTo("1772366400.000200");
      assertThat(later.getRequestCount()).isEqualTo(1);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    SlackSettings settings = ProviderYml.bind("iris.providers.slack", SlackSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://slack.com/api/");
    assertThat(settings.botToken()).isEmpty();
    assertThat(settings.costPerMessage()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(
            ProviderYml.bind(
                    "iris.providers.slack",
                    SlackSettings.class,
                    java.util.Map.of("IRIS_SLACK_API_URL", "http://localhost:9999/api/"))
                .baseUrl())
        .isEqualTo("http://localhost:9999/api/");
    assertThat(settings().toString()).doesNotContain("xoxb-slack-secret");
  }
}
