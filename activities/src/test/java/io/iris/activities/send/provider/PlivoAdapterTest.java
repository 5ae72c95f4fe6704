package io.iris.activities.send.provider;

import static io.iris.activities.send.provider.ProviderFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.send.provider.ProviderException.Kind;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.math.BigDecimal;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class PlivoAdapterTest extends ProviderContractTest {

  private static final String TO = "+14155550123";
  private static final String UUID_1 = "db3ce55a-7f1d-11e1-8ea7-1231380bc196";

  private PlivoAdapter adapter(Object... replacements) {
    return new PlivoAdapter(ProviderFixtures.settings(replacements), http);
  }

  @Test
  void givenAConfiguredAccount_whenSending_itShouldPostTheDocumentedJsonAndReturnTheUuid()
      throws Exception {
    answer(
        202,
        "{\"api_id\":\"api-1\",\"message\":\"message(s) queued\",\"message_uuid\":[\""
            + UUID_1
            + "\"]}");

    ProviderAcceptance acceptance = adapter().send(message(Channel.SMS, TO));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance(UUID_1, new BigDecimal("0.0050"), false));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v1/Account/MA0001/Message/");
    assertThat(request.getHeader("Authorization"))
        .isEqualTo(Credentials.basic("MA0001", "plivo-secret"));
    JsonNode body = json(request);
    assertThat(body.path("src").asText()).isEqualTo("+15550003333");
    assertThat(body.path("dst").asText()).isEqualTo(TO);
    assertThat(body.path("text").asText()).isEqualTo("db-1 is at 91% disk");
    // Plivo is polled for status, so no callback URL is asked for.
    assertThat(body.has("url")).isFalse();
  }

  @Test
  void givenA400AboutTheDestination_whenSending_itShouldBeAnInvalidRecipient() {
    answer(400, "{\"api_id\":\"api-2\",\"error\":\"invalid 'dst' parameter\"}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
  }

  @Test
  void givenAnother400_whenSending_itShouldBeRejected() {
    answer(400, "{\"api_id\":\"api-3\",\"error\":\"src parameter not valid\"}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenA429WithRetryAfter_whenSending_itShouldBeRateLimited() {
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "2")
            .setBody("{\"api_id\":\"api-4\",\"error\":\"too many requests\"}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void givenA502_whenSending_itShouldBeUnavailable() {
    answer(502, "Bad Gateway");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(401, "{\"api_id\":\"api-5\",\"error\":\"authentication failed\"}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenNoAuthId_whenSending_itShouldBeUnauthorizedWithoutACall() {
    PlivoAdapter adapter =
        adapter(
            new ProviderSettings.Plivo(
                true, ProviderFixtures.LOCAL_BASE, BigDecimal.ONE, "", "plivo-secret", "+1555"));

    ProviderException failure = failure(() -> adapter.send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage())
        .contains("iris.providers.plivo.auth-id")
        .doesNotContain("plivo-secret");
    assertNoCall();
  }

  @Test
  void givenADeliveredMessage_whenAskingItsStatus_itShouldReadTheMessageState() throws Exception {
    answer(200, "{\"message_uuid\":\"" + UUID_1 + "\",\"message_state\":\"delivered\"}");

    assertThat(adapter().deliveryStatus(UUID_1)).contains(ReceiptStatus.DELIVERED);

    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/v1/Account/MA0001/Message/" + UUID_1 + "/");
  }

  @Test
  void givenEachMessageState_whenAskingItsStatus_itShouldMapIt() {
    answer(200, "{\"message_state\":\"queued\"}");
    answer(200, "{\"message_state\":\"sent\"}");
    answer(200, "{\"message_state\":\"undelivered\"}");
    answer(200, "{\"message_state\":\"failed\"}");

    assertThat(adapter().deliveryStatus(UUID_1)).isEmpty();
    assertThat(adapter().deliveryStatus(UUID_1)).contains(ReceiptStatus.SENT);
    assertThat(adapter().deliveryStatus(UUID_1)).contains(ReceiptStatus.UNDELIVERED);
    assertThat(adapter().deliveryStatus(UUID_1)).contains(ReceiptStatus.FAILED);
  }
}
