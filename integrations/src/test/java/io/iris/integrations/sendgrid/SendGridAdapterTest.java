package io.iris.integrations.sendgrid;

import static io.iris.integrations.spi.ProviderFixtures.IDEMPOTENCY_KEY;
import static io.iris.integrations.spi.ProviderFixtures.MESSAGE_ID;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendGridAdapterTest extends ProviderContractTest {

  private static final String TO = "oncall@customer.example";

  private SendGridAdapter adapter(Object... replacements) {
    return new SendGridAdapter(settings(replacements), http);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static SendGridSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (SendGridSettings) replacements[0]
        : new SendGridSettings(
            true,
            ProviderFixtures.LOCAL_BASE,
            new BigDecimal("0.00095"),
            "SG.sendgrid-secret",
            "alerts@iris.example",
            "");
  }

  @Test
  void givenAConfiguredKey_whenSending_itShouldPostTheV3MailAndTakeTheIdFromXMessageId()
      throws Exception {
    answer(new MockResponse().setResponseCode(202).setHeader("X-Message-Id", "sg-abc123"));

    ProviderAcceptance acceptance = adapter().send(message(Channel.EMAIL, TO));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance("sg-abc123", new BigDecimal("0.00095"), false));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v3/mail/send");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer SG.sendgrid-secret");
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = json(request);
    assertThat(body.at("/personalizations/0/to/0/email").asText()).isEqualTo(TO);
    assertThat(body.at("/from/email").asText()).isEqualTo("alerts@iris.example");
    assertThat(body.path("subject").asText()).isEqualTo("Disk almost full");
    assertThat(body.at("/content/0/type").asText()).isEqualTo("text/plain");
    assertThat(body.at("/content/0/value").asText()).isEqualTo("db-1 is at 91% disk");
    assertThat(body.at("/custom_args/iris_message_id").asText()).isEqualTo(MESSAGE_ID.toString());
    assertThat(body.at("/custom_args/iris_idempotency_key").asText()).isEqualTo(IDEMPOTENCY_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"personalizations.0.to.0.email", "personalizations.0.to"})
  void givenA400AboutTheRecipient_whenSending_itShouldBeAnInvalidRecipient(String field) {
    answer(
        400,
        "{\"errors\":[{\"message\":\"Does not contain a valid address.\",\"field\":\""
            + field
            + "\",\"help\":\"http://sendgrid.com/docs\"}]}");

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
  }

  @Test
  void givenA400AboutAnotherField_whenSending_itShouldBeRejected() {
    answer(
        400,
        "{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity.\","
            + "\"field\":\"from\",\"help\":null}]}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.EMAIL, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
    assertThat(failure.getMessage()).contains("from: The from address");
  }

  @Test
  void givenA429WithRetryAfter_whenSending_itShouldBeRateLimited() {
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "60")
            .setBody("{\"errors\":[{\"message\":\"too many requests\",\"field\":null}]}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.EMAIL, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofMinutes(1));
  }

  @Test
  void givenA500_whenSending_itShouldBeUnavailable() {
    answer(500, "{\"errors\":[{\"message\":\"internal error\",\"field\":null}]}");

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(401, "{\"errors\":[{\"message\":\"The provided authorization grant is invalid\"}]}");

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "oncall",
        "oncall@",
        "@customer.example",
        "on call@x.example",
        "a@b",
        "x@y.example, z@w.example"
      })
  void givenSomethingThatIsNotAnEmailAddress_whenSending_itShouldRefuseWithoutACall(String to) {
    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, to))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenNoApiKey_whenSending_itShouldBeUnauthorizedWithoutACall() {
    SendGridAdapter adapter =
        adapter(
            new SendGridSettings(
                true, ProviderFixtures.LOCAL_BASE, BigDecimal.ONE, " ", "alerts@iris.example", ""));

    ProviderException failure = failure(() -> adapter.send(message(Channel.EMAIL, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.sendgrid.api-key");
    assertNoCall();
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    SendGridSettings settings = ProviderYml.bind("iris.providers.sendgrid", SendGridSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://api.sendgrid.com");
    assertThat(settings.costPerMessage()).isEqualByComparingTo("0.00095");
    assertThat(settings().toString()).doesNotContain("SG.sendgrid-secret");
  }
}
