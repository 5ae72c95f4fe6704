package io.iris.integrations.plivo;

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
import java.time.Instant;
import okhttp3.Credentials;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlivoAdapterTest extends ProviderContractTest {

  private static final String TO = "+14155550123";
  private static final String UUID_1 = "db3ce55a-7f1d-11e1-8ea7-1231380bc196";

  private PlivoAdapter adapter(Object... replacements) {
    return new PlivoAdapter(settings(replacements), http);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static PlivoSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (PlivoSettings) replacements[0]
        : new PlivoSettings(
            true,
            ProviderFixtures.LOCAL_BASE,
            new BigDecimal("0.0050"),
            "MA0001",
            "plivo-secret",
            "+15550003333");
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
            new PlivoSettings(
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

  // --- reconcile: "List all messages" (message detail records) ---

  private static final Instant SINCE = Instant.parse("2026-03-01T11:58:00.250Z");

  private static String record(String uuid, String direction, String from, String to, String time) {
    return "{\"error_code\":null,\"from_number\":\""
        + from
        + "\",\"message_direction\":\""
        + direction
        + "\",\"message_state\":\"queued\",\"message_time\":\""
        + time
        + "\",\"message_type\":\"sms\",\"message_uuid\":\""
        + uuid
        + "\",\"resource_uri\":\"/v1/Account/MA0001/Message/"
        + uuid
        + "/\",\"to_number\":\""
        + to
        + "\",\"total_amount\":\"0.00500\",\"total_rate\":\"0.00500\",\"units\":1}";
  }

  private static String page(int offset, String next, String... records) {
    return "{\"api_id\":\"api-2\",\"meta\":{\"limit\":20,\"next\":"
        + (next == null ? "null" : "\"" + next + "\"")
        + ",\"offset\":"
        + offset
        + ",\"previous\":null,\"total_count\":"
        + records.length
        + "},\"objects\":["
        + String.join(",", records)
        + "]}";
  }

  @Test
  void givenARecordFromOurSenderToTheRecipientSinceOurAttempt_whenReconciling_itShouldFindIt()
      throws Exception {
    answer(
        200,
        page(
            0,
            null,
            record(UUID_1, "outbound", "15550003333", "14155550123", "2026-03-01 17:28:01+05:30")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.found(UUID_1));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/v1/Account/MA0001/Message/");
    assertThat(request.getRequestUrl().queryParameter("message_direction")).isEqualTo("outbound");
    assertThat(request.getRequestUrl().queryParameter("from_number")).isEqualTo("+15550003333");
    assertThat(request.getRequestUrl().queryParameter("to_number")).isEqualTo(TO);
    // UTC, YYYY-MM-DD HH:MM:ss, rounded down so the filter never drops our record.
    assertThat(request.getRequestUrl().queryParameter("message_time__gte"))
        .isEqualTo("2026-03-01 11:58:00");
    assertThat(request.getRequestUrl().queryParameter("limit")).isEqualTo("20");
    assertThat(request.getRequestUrl().queryParameter("offset")).isEqualTo("0");
    assertThat(request.getHeader("Authorization"))
        .isEqualTo(Credentials.basic("MA0001", "plivo-secret"));
  }

  @Test
  void givenRecordsBeforeOurAttemptOrOfOtherNumbers_whenReconciling_itShouldSayNotFound() {
    answer(
        200,
        page(
            0,
            null,
            // A second before our acceptance: not ours.
            record(
                "u-early", "outbound", "15550003333", "14155550123", "2026-03-01 11:57:59+00:00"),
            record("u-reply", "inbound", "14155550123", "15550003333", "2026-03-01 11:59:00+00:00"),
            record(
                "u-other", "outbound", "15559990000", "14155550123", "2026-03-01 11:59:00+00:00")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.notFound());
  }

  @Test
  void givenOurRecordInTheSameSecondAsOurAcceptance_whenReconciling_itShouldStillFindIt() {
    // message_time is kept to the second; we accepted the message at 11:58:00.250.
    answer(
        200,
        page(
            0,
            null,
            record("u-same", "outbound", "+15550003333", TO, "2026-03-01 11:58:00+00:00")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.found("u-same"));
  }

  @Test
  void givenSeveralCandidatesOverTwoPages_whenReconciling_itShouldTakeTheOldest() throws Exception {
    answer(
        200,
        page(
            0,
            "/v1/Account/MA0001/Message/?limit=20&offset=20",
            record(
                "u-new", "outbound", "15550003333", "14155550123", "2026-03-01 11:59:30+00:00")));
    answer(
        200,
        page(
            20,
            null,
            record(
                "u-old", "outbound", "15550003333", "14155550123", "2026-03-01 11:58:05.5+00:00")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.found("u-old"));
    request();
    assertThat(request().getRequestUrl().queryParameter("offset")).isEqualTo("20");
  }

  @Test
  void givenMorePagesThanAreRead_whenReconciling_itShouldLeaveItUnsettledNeverNotFound() {
    for (int i = 0; i < PlivoAdapter.MAX_PAGES; i++) {
      answer(
          200,
          page(
              i * 20,
              "/v1/Account/MA0001/Message/?limit=20&offset=" + (i + 1) * 20,
              record(
                  "u" + i, "inbound", "14155550123", "15550003333", "2026-03-01 11:59:00+00:00")));
    }

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.unsupported());
    assertThat(server.getRequestCount()).isEqualTo(PlivoAdapter.MAX_PAGES);
  }

  @ParameterizedTest
  @CsvSource({"401, UNAUTHORIZED", "429, RATE_LIMITED", "500, UNAVAILABLE", "503, UNAVAILABLE"})
  void givenAnErrorWhileAsked_whenReconciling_itShouldFailNeverSayNotFound(int status, Kind kind) {
    answer(status, "{\"api_id\":\"a\",\"error\":\"too many requests\"}");

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(kind);
  }

  @Test
  void givenNoAnswerInTime_whenReconciling_itShouldTimeOutNeverSayNotFound() {
    answerNothing();

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenARecordWithAnUnreadableTime_whenReconciling_itShouldFailNeverSayNotFound() {
    answer(
        200,
        page(0, null, record("u1", "outbound", "15550003333", "14155550123", "yesterday-ish")));

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    PlivoSettings settings = ProviderYml.bind("iris.providers.plivo", PlivoSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://api.plivo.com");
    assertThat(settings.costPerMessage()).isEqualByComparingTo("0.0050");
    assertThat(settings().toString()).doesNotContain("plivo-secret");
  }
}
