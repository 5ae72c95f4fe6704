package io.iris.integrations.webhook;

import static io.iris.integrations.spi.ProviderFixtures.IDEMPOTENCY_KEY;
import static io.iris.integrations.spi.ProviderFixtures.MESSAGE_ID;
import static io.iris.integrations.spi.ProviderFixtures.NOW;
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
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAdapterTest extends ProviderContractTest {

  private static final String SECRET = "webhook-signing-secret";
  private static final WebhookSettings PUBLIC_ONLY =
      new WebhookSettings(true, BigDecimal.ZERO, SECRET, false);

  private WebhookAdapter adapter(Object... replacements) {
    return new WebhookAdapter(settings(replacements), http);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static WebhookSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (WebhookSettings) replacements[0]
        : new WebhookSettings(true, BigDecimal.ZERO, "webhook-signing-secret", true);
  }

  private String target() {
    return localUrl("/hooks/iris");
  }

  @Test
  void givenATarget_whenSending_itShouldPostTheSignedJsonWithOurHeaders() throws Exception {
    answer(new MockResponse().setResponseCode(204));

    ProviderAcceptance acceptance = adapter().send(message(Channel.WEBHOOK, target()));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance(IDEMPOTENCY_KEY, BigDecimal.ZERO, true));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/hooks/iris");
    assertThat(request.getHeader("X-Iris-Message-Id")).isEqualTo(MESSAGE_ID.toString());
    assertThat(request.getHeader("Idempotency-Key")).isEqualTo(IDEMPOTENCY_KEY);
    assertThat(request.getHeader("X-Iris-Timestamp"))
        .isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    byte[] rawBody = request.getBody().clone().readByteArray();
    assertThat(
            WebhookSignature.verify(
                SECRET,
                request.getHeader("X-Iris-Timestamp"),
                rawBody,
                request.getHeader("X-Iris-Signature"),
                NOW,
                WebhookSignature.DEFAULT_TOLERANCE))
        .as("the signature covers the exact body sent")
        .isTrue();
    assertThat(request.getHeader("X-Iris-Signature"))
        .isEqualTo(WebhookSignature.sign(SECRET, NOW.getEpochSecond(), rawBody));
    JsonNode body = json(request);
    assertThat(body.path("id").asText()).isEqualTo(MESSAGE_ID.toString());
    assertThat(body.path("tenantId").asText()).isEqualTo("tenant-7");
    assertThat(body.path("subject").asText()).isEqualTo("Disk almost full");
    assertThat(body.path("body").asText()).isEqualTo("db-1 is at 91% disk");
    assertThat(body.at("/metadata/incident").asText()).isEqualTo("INC-42");
    assertThat(body.path("sentAt").asText()).isEqualTo(NOW.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 410})
  void givenTheEndpointIsGone_whenSending_itShouldBeAnInvalidRecipient(int status) {
    answer(new MockResponse().setResponseCode(status));

    assertThat(failure(() -> adapter().send(message(Channel.WEBHOOK, target()))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
  }

  @Test
  void givenA429WithRetryAfter_whenSending_itShouldBeRateLimited() {
    answer(new MockResponse().setResponseCode(429).setHeader("Retry-After", "12"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.WEBHOOK, target())));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(12));
  }

  @Test
  void givenA500_whenSending_itShouldBeUnavailable() {
    answer(new MockResponse().setResponseCode(500));

    assertThat(failure(() -> adapter().send(message(Channel.WEBHOOK, target()))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(new MockResponse().setResponseCode(401));

    assertThat(failure(() -> adapter().send(message(Channel.WEBHOOK, target()))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenARedirect_whenSending_itShouldNotFollowIt() {
    answer(new MockResponse().setResponseCode(307).setHeader("Location", "http://10.0.0.1/"));

    assertThat(failure(() -> adapter().send(message(Channel.WEBHOOK, target()))).kind())
        .isEqualTo(Kind.REJECTED);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.WEBHOOK, target()))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenNoSigningSecret_whenSending_itShouldBeUnauthorizedWithoutACall() {
    WebhookAdapter adapter = adapter(new WebhookSettings(true, BigDecimal.ZERO, "", true));

    ProviderException failure = failure(() -> adapter.send(message(Channel.WEBHOOK, target())));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.webhook.signing-secret");
    assertNoCall();
  }

  @Test
  void givenPrivateAddressesAreRefused_whenSendingToThisMachine_itShouldRefuseWithoutACall() {
    String https = "https://localhost:" + server.getPort() + "/hooks/iris";

    assertThat(failure(() -> adapter(PUBLIC_ONLY).send(message(Channel.WEBHOOK, https))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/x",
        "https://10.1.2.3/x",
        "https://192.168.1.20/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
        "https://[fd00::1]/x"
      })
  void givenPrivateAddressesAreRefused_whenSendingToOne_itShouldBeAnInvalidRecipient(String to) {
    assertThat(failure(() -> adapter(PUBLIC_ONLY).send(message(Channel.WEBHOOK, to))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenPrivateAddressesAreRefused_whenSendingOverPlainHttp_itShouldRefuseWithoutACall() {
    assertThat(
            failure(
                    () ->
                        adapter(PUBLIC_ONLY)
                            .send(message(Channel.WEBHOOK, "http://hooks.customer.example/x")))
                .kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    WebhookSettings settings = ProviderYml.bind("iris.providers.webhook", WebhookSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.allowPrivateAddresses()).isFalse();
    assertThat(settings.signingSecret()).isEmpty();
    assertThat(
            ProviderYml.bind(
                    "iris.providers.webhook",
                    WebhookSettings.class,
                    java.util.Map.of("IRIS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true"))
                .allowPrivateAddresses())
        .isTrue();
    assertThat(settings().toString()).doesNotContain("webhook-signing-secret");
  }
}
