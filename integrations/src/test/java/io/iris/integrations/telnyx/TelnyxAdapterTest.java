package io.iris.integrations.telnyx;

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
import io.iris.integrations.spi.ProviderFixtures;
import io.iris.integrations.spi.ProviderYml;
import io.iris.integrations.spi.Reconciliation;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelnyxAdapterTest extends ProviderContractTest {

  private static final String TO = "+4915123456789";

  private TelnyxAdapter adapter(Object... replacements) {
    return new TelnyxAdapter(settings(replacements), http, callbacks);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static TelnyxSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (TelnyxSettings) replacements[0]
        : new TelnyxSettings(
            true,
            ProviderFixtures.LOCAL_BASE,
            new BigDecimal("0.004"),
            "KEY-telnyx-secret",
            "+15550002222",
            "");
  }

  private static String accepted(String cost) {
    return "{\"data\":{\"id\":\"40317f2e-5a0b-4d8b-9a54-1b2c3d4e5f60\",\"record_type\":\"message\","
        + "\"to\":[{\"phone_number\":\""
        + TO
        + "\",\"status\":\"queued\"}],\"cost\":"
        + cost
        + "}}";
  }

  @Test
  void givenAConfiguredProfile_whenSending_itShouldPostTheDocumentedJsonAndReturnTheId()
      throws Exception {
    answer(200, accepted("null"));

    ProviderAcceptance acceptance = adapter().send(message(Channel.SMS, TO));

    assertThat(acceptance)
        .isEqualTo(
            new ProviderAcceptance(
                "40317f2e-5a0b-4d8b-9a54-1b2c3d4e5f60", new BigDecimal("0.004"), false));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v2/messages");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer KEY-telnyx-secret");
    assertThat(request.getHeader("Idempotency-Key")).isEqualTo(IDEMPOTENCY_KEY);
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = json(request);
    assertThat(body.path("from").asText()).isEqualTo("+15550002222");
    assertThat(body.path("to").asText()).isEqualTo(TO);
    assertThat(body.path("text").asText()).isEqualTo("db-1 is at 91% disk");
    assertThat(body.path("webhook_url").asText())
        .isEqualTo(localUrl("/webhooks/telnyx?messageId=" + MESSAGE_ID));
    assertThat(body.path("use_profile_webhooks").isBoolean()).isTrue();
    assertThat(body.path("use_profile_webhooks").asBoolean()).isFalse();
  }

  @Test
  void givenACostInTheAnswer_whenSending_itShouldReportIt() {
    answer(200, accepted("{\"amount\":\"0.0051\",\"currency\":\"USD\"}"));

    assertThat(adapter().send(message(Channel.SMS, TO)).costUsd()).isEqualByComparingTo("0.0051");
  }

  @Test
  void givenACostInAnotherCurrency_whenSending_itShouldUseTheConfiguredPrice() {
    answer(200, accepted("{\"amount\":\"0.0051\",\"currency\":\"EUR\"}"));

    assertThat(adapter().send(message(Channel.SMS, TO)).costUsd()).isEqualByComparingTo("0.004");
  }

  @ParameterizedTest
  @ValueSource(strings = {"40310", "40300", "40008"})
  void givenA422AboutTheNumber_whenSending_itShouldBeAnInvalidRecipient(String code) {
    answer(
        422,
        "{\"errors\":[{\"code\":\""
            + code
            + "\",\"title\":\"Invalid 'to' address\",\"detail\":\"The 'to' address is invalid\"}]}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RECIPIENT);
    assertThat(failure.providerCode()).isEqualTo(code);
  }

  @Test
  void givenAnother422_whenSending_itShouldBeRejected() {
    answer(422, "{\"errors\":[{\"code\":\"40013\",\"title\":\"Invalid source number\"}]}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenA429WithAnHttpDate_whenSending_itShouldBeRateLimitedUntilThatDate() {
    String in30Seconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", in30Seconds)
            .setBody("{\"errors\":[{\"code\":\"10011\",\"title\":\"Too many requests\"}]}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void givenA500_whenSending_itShouldBeUnavailable() {
    answer(500, "{\"errors\":[{\"code\":\"10007\",\"title\":\"Unexpected error\"}]}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(401, "{\"errors\":[{\"code\":\"10009\",\"title\":\"Authentication failed\"}]}");

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
  void givenNoApiKey_whenSending_itShouldBeUnauthorizedWithoutACall() {
    TelnyxAdapter adapter =
        adapter(
            new TelnyxSettings(
                true, ProviderFixtures.LOCAL_BASE, BigDecimal.ONE, "", "+15550002222", ""));

    ProviderException failure = failure(() -> adapter.send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.telnyx.api-key");
    assertNoCall();
  }

  @Test
  void givenAnInvalidNumber_whenSending_itShouldRefuseWithoutACall() {
    assertThat(failure(() -> adapter().send(message(Channel.SMS, "015123456789"))).kind())
        .isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenADeliveredMessage_whenAskingItsStatus_itShouldRetrieveTheMessage() throws Exception {
    answer(
        200,
        "{\"data\":{\"id\":\"m-1\",\"to\":[{\"phone_number\":\""
            + TO
            + "\",\"status\":\"delivered\"}]}}");

    assertThat(adapter().deliveryStatus("m-1")).contains(ReceiptStatus.DELIVERED);

    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/v2/messages/m-1");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer KEY-telnyx-secret");
  }

  @Test
  void givenAFailedOrQueuedMessage_whenAskingItsStatus_itShouldMapTelnyxsStatus() {
    answer(200, "{\"data\":{\"to\":[{\"status\":\"delivery_failed\"}]}}");
    answer(200, "{\"data\":{\"to\":[{\"status\":\"sending\"}]}}");

    assertThat(adapter().deliveryStatus("m-1")).contains(ReceiptStatus.UNDELIVERED);
    assertThat(adapter().deliveryStatus("m-1")).isEmpty();
  }

  @Test
  void givenAnAcceptAnswerOver64KbEchoingALongText_whenSending_itShouldReadItAndTakeTheId() {
    // Telnyx echoes the text; a long one makes an answer bigger than the old 64 KB limit.
    answer(
        200,
        "{\"data\":{\"id\":\"m-long\",\"text\":\""
            + "\\u00e9".repeat(12_000)
            + "\",\"to\":[{\"phone_number\":\""
            + TO
            + "\",\"status\":\"queued\"}]}}");

    assertThat(adapter().send(message(Channel.SMS, TO)).providerMessageId()).isEqualTo("m-long");
  }

  @Test
  void givenATimedOutSend_whenReconciling_itShouldSayTelnyxCannotBeAskedWithoutACall() {
    assertThat(adapter().reconcile(message(Channel.SMS, TO), ProviderFixtures.NOW))
        .isEqualTo(Reconciliation.unsupported());
    assertNoCall();
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    TelnyxSettings settings = ProviderYml.bind("iris.providers.telnyx", TelnyxSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://api.telnyx.com");
    assertThat(settings.costPerMessage()).isEqualByComparingTo("0.004");
    assertThat(settings().toString()).doesNotContain("KEY-telnyx-secret");
  }
}
