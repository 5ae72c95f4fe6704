package io.iris.integrations.fcm;

import static io.iris.integrations.spi.ProviderFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class FcmAdapterTest extends ProviderContractTest {

  private static final String TOKEN = "fTz9aQ:APA91bH_device_token";

  private FcmAdapter adapter(Object... replacements) {
    return new FcmAdapter(settings(replacements), http);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static FcmSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (FcmSettings) replacements[0]
        : new FcmSettings(
            true, ProviderFixtures.LOCAL_BASE, BigDecimal.ZERO, "iris-demo", "ya29.fcm-secret");
  }

  private static String error(int code, String status, String errorCode, String message) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"status\":\""
        + status
        + "\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
        + "\"errorCode\":\""
        + errorCode
        + "\"}]}}";
  }

  @Test
  void givenAProjectAndToken_whenSending_itShouldPostTheV1MessageAndReturnItsName()
      throws Exception {
    answer(200, "{\"name\":\"projects/iris-demo/messages/0:1772366400%abc\"}");

    ProviderAcceptance acceptance = adapter().send(message(Channel.PUSH, TOKEN));

    assertThat(acceptance)
        .isEqualTo(
            new ProviderAcceptance(
                "projects/iris-demo/messages/0:1772366400%abc", BigDecimal.ZERO, true));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v1/projects/iris-demo/messages:send");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer ya29.fcm-secret");
    JsonNode body = json(request);
    assertThat(body.at("/message/token").asText()).isEqualTo(TOKEN);
    assertThat(body.at("/message/notification/title").asText()).isEqualTo("Disk almost full");
    assertThat(body.at("/message/notification/body").asText()).isEqualTo("db-1 is at 91% disk");
    assertThat(body.at("/message/data/incident").asText()).isEqualTo("INC-42");
  }

  @Test
  void givenAnUnregisteredToken_whenSending_itShouldBeAnInvalidRecipient() {
    answer(404, error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."));

    ProviderException failure = failure(() -> adapter().send(message(Channel.PUSH, TOKEN)));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RECIPIENT);
    assertThat(failure.providerCode()).isEqualTo("UNREGISTERED");
  }

  @Test
  void givenAMalformedToken_whenSending_itShouldBeAnInvalidRecipient() {
    answer(
        400,
        error(
            400,
            "INVALID_ARGUMENT",
            "INVALID_ARGUMENT",
            "The registration token is not a valid FCM registration token"));

    assertThat(failure(() -> adapter().send(message(Channel.PUSH, TOKEN))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
  }

  @Test
  void givenAFieldViolationOnTheToken_whenSending_itShouldBeAnInvalidRecipient() {
    answer(
        400,
        "{\"error\":{\"code\":400,\"message\":\"Request contains an invalid argument.\","
            + "\"status\":\"INVALID_ARGUMENT\",\"details\":["
            + "{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
            + "\"errorCode\":\"INVALID_ARGUMENT\"},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
            + "\"fieldViolations\":[{\"field\":\"message.token\","
            + "\"description\":\"Invalid value\"}]}]}}");

    assertThat(failure(() -> adapter().send(message(Channel.PUSH, TOKEN))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
  }

  @Test
  void givenAnInvalidArgumentElsewhere_whenSending_itShouldBeRejected() {
    answer(
        400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid data payload key: from"));

    assertThat(failure(() -> adapter().send(message(Channel.PUSH, TOKEN))).kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenQuotaExceededWithRetryAfter_whenSending_itShouldBeRateLimited() {
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "20")
            .setBody(
                error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for project")));

    ProviderException failure = failure(() -> adapter().send(message(Channel.PUSH, TOKEN)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(failure.providerCode()).isEqualTo("QUOTA_EXCEEDED");
  }

  @Test
  void givenA503_whenSending_itShouldBeUnavailable() {
    answer(503, error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."));

    assertThat(failure(() -> adapter().send(message(Channel.PUSH, TOKEN))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(
        401,
        "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
            + "\"status\":\"UNAUTHENTICATED\"}}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.PUSH, TOKEN)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.providerCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.PUSH, TOKEN))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenNoAccessToken_whenSending_itShouldBeUnauthorizedWithoutACall() {
    FcmAdapter adapter =
        adapter(
            new FcmSettings(true, ProviderFixtures.LOCAL_BASE, BigDecimal.ZERO, "iris-demo", ""));

    ProviderException failure = failure(() -> adapter.send(message(Channel.PUSH, TOKEN)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.fcm.access-token");
    assertNoCall();
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    FcmSettings settings = ProviderYml.bind("iris.providers.fcm", FcmSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://fcm.googleapis.com");
    assertThat(settings().toString()).doesNotContain("ya29.fcm-secret");
  }
}
