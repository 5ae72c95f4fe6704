package io.iris.integrations.twilio;

import static io.iris.integrations.spi.ProviderFixtures.MESSAGE_ID;
import static io.iris.integrations.spi.ProviderFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.provider.ValueSource;

class TwilioAdapterTest extends ProviderContractTest {

  private static final String TO = "+15557654321";

  private TwilioAdapter adapter(Object... replacements) {
    return new TwilioAdapter(settings(replacements), http, callbacks);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static TwilioSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (TwilioSettings) replacements[0]
        : new TwilioSettings(
            true,
            ProviderFixtures.LOCAL_BASE,
            new BigDecimal("0.0079"),
            "AC0001",
            "twilio-secret",
            "+15550001111");
  }

  @Test
  void givenAConfiguredAccount_whenSending_itShouldPostTheDocumentedFormAndReturnTheSid()
      throws Exception {
    answer(201, "{\"sid\":\"SM0001\",\"status\":\"queued\",\"price\":null,\"price_unit\":\"USD\"}");

    ProviderAcceptance acceptance = adapter().send(message(Channel.SMS, TO));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance("SM0001", new BigDecimal("0.0079"), false));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/2010-04-01/Accounts/AC0001/Messages.json");
    assertThat(request.getHeader("Authorization"))
        .isEqualTo(Credentials.basic("AC0001", "twilio-secret"));
    // Twilio takes no idempotency key on create; the header is one Twilio sends on its webhooks.
    assertThat(request.getHeader("I-Twilio-Idempotency-Token")).isNull();
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(form(request))
        .containsEntry("To", TO)
        .containsEntry("From", "+15550001111")
        .containsEntry("Body", "db-1 is at 91% disk")
        .containsEntry(
            "StatusCallback", localUrl("/webhooks/twilio/status?messageId=" + MESSAGE_ID));
  }

  @Test
  void givenASenderOnTheMessage_whenSending_itShouldUseItInsteadOfTheConfiguredOne()
      throws Exception {
    answer(201, "{\"sid\":\"SM0002\",\"status\":\"queued\"}");

    adapter().send(message(Channel.SMS, TO, "+15559990000"));

    assertThat(form(request())).containsEntry("From", "+15559990000");
  }

  @Test
  void givenAPriceInTheAnswer_whenSending_itShouldReportItAsAPositiveUsdCost() {
    answer(
        201,
        "{\"sid\":\"SM0003\",\"status\":\"sent\",\"price\":\"-0.00750\",\"price_unit\":\"USD\"}");

    ProviderAcceptance acceptance = adapter().send(message(Channel.SMS, TO));

    assertThat(acceptance.costUsd()).isEqualByComparingTo("0.00750");
  }

  @Test
  void givenA429WithRetryAfter_whenSending_itShouldBeRateLimitedForThatLong() {
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "7")
            .setBody("{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(failure.httpStatus()).isEqualTo(429);
    assertThat(failure.providerCode()).isEqualTo("20429");
    assertThat(failure.provider()).isEqualTo("twilio");
  }

  @ParameterizedTest
  @ValueSource(ints = {21211, 21614, 21610})
  void givenA400AboutTheToNumber_whenSending_itShouldBeAnInvalidRecipient(int code) {
    answer(
        400, "{\"code\":" + code + ",\"message\":\"The 'To' number is not valid\",\"status\":400}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RECIPIENT);
    assertThat(failure.providerCode()).isEqualTo(Integer.toString(code));
    assertThat(failure.getMessage()).contains(MESSAGE_ID.toString());
  }

  @Test
  void givenAnother400_whenSending_itShouldBeRejected() {
    answer(
        400, "{\"code\":21606,\"message\":\"The From number is not SMS-capable\",\"status\":400}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenA503_whenSending_itShouldBeUnavailable() {
    answer(503, "<html>Service Unavailable</html>");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.httpStatus()).isEqualTo(503);
  }

  @Test
  void givenA504FromAGateway_whenSending_itShouldBeAmbiguousLikeNoAnswer() {
    // The gateway stopped waiting; Twilio behind it may have taken the message.
    answer(504, "<html>Gateway Timeout</html>");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.httpStatus()).isEqualTo(504);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.httpStatus()).isZero();
  }

  @Test
  void givenNoServer_whenSending_itShouldBeUnavailable() throws Exception {
    server.shutdown();

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenA201WithoutASid_whenSending_itShouldBeAmbiguousLikeATimeout() {
    answer(201, "{\"status\":\"queued\"}");

    assertThat(failure(() -> adapter().send(message(Channel.SMS, TO))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5557654321", "+0155576543", "+1555", "+1 555 765 4321", ""})
  void givenARecipientThatIsNotE164_whenSending_itShouldRefuseWithoutACall(String to) {
    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, to)));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RECIPIENT);
    assertNoCall();
  }

  @Test
  void givenNoAuthToken_whenSending_itShouldBeUnauthorizedNamingTheSettingWithoutACall() {
    TwilioAdapter adapter =
        adapter(
            new TwilioSettings(
                true, ProviderFixtures.LOCAL_BASE, BigDecimal.ONE, "AC0001", "", "+15550001111"));

    ProviderException failure = failure(() -> adapter.send(message(Channel.SMS, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.twilio.auth-token");
    assertNoCall();
  }

  @Test
  void givenAnyFailure_whenSending_itShouldNeverPutCredentialsOrTheBodyInTheMessage() {
    answer(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.SMS, TO)));

    assertThat(failure.getMessage())
        .doesNotContain("twilio-secret")
        .doesNotContain("db-1 is at 91% disk");
  }

  // --- reconcile: "Read multiple Message resources" ---

  /** Our attempt began at 11:58:30; the message was accepted a little before. */
  private static final Instant SINCE = Instant.parse("2026-03-01T11:58:00Z");

  private static final String BODY = "db-1 is at 91% disk";
  private static final String FROM = "+15550001111";

  private static String resource(String sid, String body, String dateCreated, String direction) {
    return resource(sid, TO, FROM, body, dateCreated, direction);
  }

  private static String resource(
      String sid, String to, String from, String body, String dateCreated, String direction) {
    return "{\"sid\":\""
        + sid
        + "\",\"account_sid\":\"AC0001\",\"to\":\""
        + to
        + "\",\"from\":\""
        + from
        + "\",\"body\":\""
        + body
        + "\",\"status\":\"queued\",\"direction\":\""
        + direction
        + "\",\"date_created\":\""
        + dateCreated
        + "\",\"date_sent\":null,\"date_updated\":\""
        + dateCreated
        + "\",\"uri\":\"/2010-04-01/Accounts/AC0001/Messages/"
        + sid
        + ".json\"}";
  }

  private static String page(String nextPageUri, String... resources) {
    return "{\"messages\":["
        + String.join(",", resources)
        + "],\"uri\":\"/2010-04-01/Accounts/AC0001/Messages.json?PageSize=50&Page=0\""
        + ",\"page\":0,\"page_size\":50,\"first_page_uri\":\"/2010-04-01/Accounts/AC0001/Messages.json?PageSize=50&Page=0\""
        + ",\"previous_page_uri\":null,\"next_page_uri\":"
        + (nextPageUri == null ? "null" : "\"" + nextPageUri + "\"")
        + "}";
  }

  @Test
  void givenOurMessageInTheList_whenReconciling_itShouldFindItByRecipientSenderBodyAndTime()
      throws Exception {
    answer(
        200,
        page(
            null,
            resource("SM0009", "another text", "Sun, 01 Mar 2026 11:59:10 +0000", "outbound-api"),
            resource("SM0007", BODY, "Sun, 01 Mar 2026 11:58:31 +0000", "outbound-api")));

    Reconciliation found = adapter().reconcile(message(Channel.SMS, TO), SINCE);

    assertThat(found).isEqualTo(Reconciliation.found("SM0007"));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getRequestUrl().encodedPath())
        .isEqualTo("/2010-04-01/Accounts/AC0001/Messages.json");
    assertThat(request.getRequestUrl().queryParameter("To")).isEqualTo(TO);
    assertThat(request.getRequestUrl().queryParameter("From")).isEqualTo(FROM);
    assertThat(request.getRequestUrl().queryParameter("PageSize")).isEqualTo("50");
    // A message still queued has no date_sent, so the list must not be filtered by it.
    assertThat(request.getRequestUrl().queryParameterNames()).noneMatch(n -> n.startsWith("Date"));
    assertThat(request.getHeader("Authorization"))
        .isEqualTo(Credentials.basic("AC0001", "twilio-secret"));
  }

  @Test
  void givenOnlyOtherMessages_whenReconciling_itShouldSayNotFound() {
    answer(
        200,
        page(
            null,
            // The same text to the same number, but created before our attempt: not ours.
            resource("SM0001", BODY, "Sun, 01 Mar 2026 11:57:59 +0000", "outbound-api"),
            // The recipient's reply, and a text of ours from another sender.
            resource("SM0002", TO, FROM, BODY, "Sun, 01 Mar 2026 11:58:40 +0000", "inbound"),
            resource(
                "SM0003",
                TO,
                "+15559990000",
                BODY,
                "Sun, 01 Mar 2026 11:58:40 +0000",
                "outbound-api"),
            resource("SM0004", BODY + "!", "Sun, 01 Mar 2026 11:58:40 +0000", "outbound-api")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.notFound());
  }

  @Test
  void givenOurMessageOnTheSecondPage_whenReconciling_itShouldFollowNextPageUri() throws Exception {
    String next =
        "/2010-04-01/Accounts/AC0001/Messages.json?To=%2B15557654321&From=%2B15550001111"
            + "&PageSize=50&Page=1&PageToken=PASM0005";
    answer(
        200,
        page(next, resource("SM0006", "later", "Sun, 01 Mar 2026 11:59:00 +0000", "outbound-api")));
    answer(
        200,
        page(null, resource("SM0005", BODY, "Sun, 01 Mar 2026 11:58:30 +0000", "outbound-api")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.found("SM0005"));

    request();
    RecordedRequest second = request();
    assertThat(second.getPath()).isEqualTo(next);
    assertThat(second.getHeader("Authorization"))
        .isEqualTo(Credentials.basic("AC0001", "twilio-secret"));
  }

  @Test
  void givenMorePagesThanAreRead_whenReconciling_itShouldLeaveItUnsettledNeverNotFound() {
    for (int i = 0; i < TwilioAdapter.MAX_PAGES; i++) {
      answer(
          200,
          page(
              "/2010-04-01/Accounts/AC0001/Messages.json?PageSize=50&Page="
                  + (i + 1)
                  + "&PageToken=PA"
                  + i,
              resource("SM1" + i, "other", "Sun, 01 Mar 2026 11:59:00 +0000", "outbound-api")));
    }

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.unsupported());
    assertThat(server.getRequestCount()).isEqualTo(TwilioAdapter.MAX_PAGES);
  }

  @Test
  void givenACandidateWhoseBodyIsRedacted_whenReconciling_itShouldLeaveItUnsettled() {
    answer(
        200, page(null, resource("SM0008", "", "Sun, 01 Mar 2026 11:58:45 +0000", "outbound-api")));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.unsupported());
  }

  @ParameterizedTest
  @CsvSource({"401, UNAUTHORIZED", "429, RATE_LIMITED", "500, UNAVAILABLE", "503, UNAVAILABLE"})
  void givenAnErrorWhileAsked_whenReconciling_itShouldFailNeverSayNotFound(int status, Kind kind) {
    answer(status, "{\"code\":20003,\"message\":\"no\",\"status\":" + status + "}");

    ProviderException failure = failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE));

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.getMessage()).contains(MESSAGE_ID.toString()).doesNotContain(TO);
  }

  @Test
  void givenAnErrorOnTheSecondPage_whenReconciling_itShouldFailNeverSayNotFound() {
    answer(
        200,
        page(
            "/2010-04-01/Accounts/AC0001/Messages.json?PageSize=50&Page=1&PageToken=PA1",
            resource("SM0006", "later", "Sun, 01 Mar 2026 11:59:00 +0000", "outbound-api")));
    answer(503, "<html>Service Unavailable</html>");

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenNoAnswerInTime_whenReconciling_itShouldTimeOutNeverSayNotFound() {
    answerNothing();

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenAnAnswerThatIsNotAMessageList_whenReconciling_itShouldFailNeverSayNotFound() {
    answer(200, "<html>maintenance</html>");

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenAPageLargerThanAnyTwilioSends_whenReconciling_itShouldFailNeverReadItAsEmpty() {
    String huge = "x".repeat((int) TwilioAdapter.MAX_PAGE_BYTES);
    answer(
        200, page(null, resource("SM0008", huge, "Sun, 01 Mar 2026 11:58:45 +0000", "outbound")));

    assertThat(failure(() -> adapter().reconcile(message(Channel.SMS, TO), SINCE)).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenAFullPageOfLongBodies_whenReconciling_itShouldReadItWhole() {
    // Fifty resources with bodies of 1,600 characters: a real page bigger than 64 KB.
    String[] resources = new String[TwilioAdapter.PAGE_SIZE];
    for (int i = 0; i < resources.length - 1; i++) {
      resources[i] =
          resource("SM2" + i, "é".repeat(1600), "Sun, 01 Mar 2026 11:59:00 +0000", "outbound-api");
    }
    resources[resources.length - 1] =
        resource("SM0007", BODY, "Sun, 01 Mar 2026 11:58:31 +0000", "outbound-api");
    answer(200, page(null, resources));

    assertThat(adapter().reconcile(message(Channel.SMS, TO), SINCE))
        .isEqualTo(Reconciliation.found("SM0007"));
  }

  @Test
  void givenADeliveredMessage_whenAskingItsStatus_itShouldFetchTheMessageResource()
      throws Exception {
    answer(200, "{\"sid\":\"SM0001\",\"status\":\"delivered\"}");

    assertThat(adapter().deliveryStatus("SM0001")).contains(ReceiptStatus.DELIVERED);

    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/2010-04-01/Accounts/AC0001/Messages/SM0001.json");
    assertThat(request.getHeader("Authorization"))
        .isEqualTo(Credentials.basic("AC0001", "twilio-secret"));
  }

  @Test
  void givenAQueuedOrUndeliveredMessage_whenAskingItsStatus_itShouldMapTwiliosStatus() {
    answer(200, "{\"sid\":\"SM0001\",\"status\":\"queued\"}");
    answer(200, "{\"sid\":\"SM0001\",\"status\":\"undelivered\"}");

    assertThat(adapter().deliveryStatus("SM0001")).isEmpty();
    assertThat(adapter().deliveryStatus("SM0001")).contains(ReceiptStatus.UNDELIVERED);
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    TwilioSettings settings = ProviderYml.bind("iris.providers.twilio", TwilioSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://api.twilio.com");
    assertThat(settings.costPerMessage()).isEqualByComparingTo("0.0079");
    assertThat(settings.accountSid()).isEmpty();
    assertThat(settings.authToken()).isEmpty();
    TwilioSettings fromEnv =
        ProviderYml.bind(
            "iris.providers.twilio",
            TwilioSettings.class,
            java.util.Map.of(
                "IRIS_TWILIO_BASE_URL", "http://localhost:{local-port}/sim/twilio",
                "IRIS_TWILIO_ACCOUNT_SID", "AC-from-env"));
    assertThat(fromEnv.baseUrl()).isEqualTo("http://localhost:{local-port}/sim/twilio");
    assertThat(fromEnv.accountSid()).isEqualTo("AC-from-env");
    assertThat(settings().toString()).doesNotContain("twilio-secret");
  }
}
