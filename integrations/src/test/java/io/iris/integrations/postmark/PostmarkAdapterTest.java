package io.iris.integrations.postmark;

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
import io.iris.integrations.spi.Reconciliation;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostmarkAdapterTest extends ProviderContractTest {

  private static final String TO = "oncall@customer.example";
  private static final String POSTMARK_ID = "b7bc2f4a-e38e-4336-af7d-e6c392c2f817";

  private PostmarkAdapter adapter(Object... replacements) {
    return new PostmarkAdapter(settings(replacements), http);
  }

  /** Settings against the local fake server, or the one given instead. */
  private static PostmarkSettings settings(Object... replacements) {
    return replacements.length > 0
        ? (PostmarkSettings) replacements[0]
        : new PostmarkSettings(
            true,
            ProviderFixtures.LOCAL_BASE,
            new BigDecimal("0.0012"),
            "postmark-secret",
            "alerts@iris.example");
  }

  @Test
  void givenAConfiguredServer_whenSending_itShouldPostTheDocumentedEmailAndReturnTheMessageId()
      throws Exception {
    answer(
        200,
        "{\"To\":\""
            + TO
            + "\",\"SubmittedAt\":\"2026-03-01T12:00:00Z\",\"MessageID\":\""
            + POSTMARK_ID
            + "\",\"ErrorCode\":0,\"Message\":\"OK\"}");

    ProviderAcceptance acceptance = adapter().send(message(Channel.EMAIL, TO));

    assertThat(acceptance)
        .isEqualTo(new ProviderAcceptance(POSTMARK_ID, new BigDecimal("0.0012"), false));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/email");
    assertThat(request.getHeader("X-Postmark-Server-Token")).isEqualTo("postmark-secret");
    assertThat(request.getHeader("Accept")).isEqualTo("application/json");
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = json(request);
    assertThat(body.path("From").asText()).isEqualTo("alerts@iris.example");
    assertThat(body.path("To").asText()).isEqualTo(TO);
    assertThat(body.path("Subject").asText()).isEqualTo("Disk almost full");
    assertThat(body.path("TextBody").asText()).isEqualTo("db-1 is at 91% disk");
    assertThat(body.at("/Metadata/iris_message_id").asText()).isEqualTo(MESSAGE_ID.toString());
    assertThat(body.path("MessageStream").asText()).isEqualTo("outbound");
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 406})
  void givenA422ForABadOrInactiveRecipient_whenSending_itShouldBeAnInvalidRecipient(int code) {
    answer(422, "{\"ErrorCode\":" + code + ",\"Message\":\"Invalid 'To' address\"}");

    ProviderException failure = failure(() -> adapter().send(message(Channel.EMAIL, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.INVALID_RECIPIENT);
    assertThat(failure.providerCode()).isEqualTo(Integer.toString(code));
  }

  @Test
  void givenAnother422_whenSending_itShouldBeRejected() {
    answer(
        422,
        "{\"ErrorCode\":400,\"Message\":\"The 'From' address you supplied is not a Sender"
            + " Signature on your account.\"}");

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenA401_whenSending_itShouldBeUnauthorized() {
    answer(401, "{\"ErrorCode\":10,\"Message\":\"No Account or Server API tokens were supplied\"}");

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void givenA429WithRetryAfter_whenSending_itShouldBeRateLimited() {
    answer(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "5")
            .setBody("{\"ErrorCode\":429,\"Message\":\"Rate limit exceeded\"}"));

    ProviderException failure = failure(() -> adapter().send(message(Channel.EMAIL, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void givenA500_whenSending_itShouldBeUnavailable() {
    answer(500, "{\"ErrorCode\":0,\"Message\":\"Internal Server Error\"}");

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenNoAnswerInTime_whenSending_itShouldTimeOut() {
    answerNothing();

    assertThat(failure(() -> adapter().send(message(Channel.EMAIL, TO))).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenNoServerToken_whenSending_itShouldBeUnauthorizedWithoutACall() {
    PostmarkAdapter adapter =
        adapter(
            new PostmarkSettings(
                true, ProviderFixtures.LOCAL_BASE, BigDecimal.ONE, "", "alerts@iris.example"));

    ProviderException failure = failure(() -> adapter.send(message(Channel.EMAIL, TO)));

    assertThat(failure.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("iris.providers.postmark.server-token");
    assertNoCall();
  }

  @Test
  void givenADeliveredEvent_whenAskingItsStatus_itShouldReadTheMessageDetails() throws Exception {
    answer(
        200,
        "{\"MessageID\":\""
            + POSTMARK_ID
            + "\",\"Status\":\"Sent\",\"MessageEvents\":[{\"Type\":\"Delivered\","
            + "\"ReceivedAt\":\"2026-03-01T12:00:05Z\"}]}");

    assertThat(adapter().deliveryStatus(POSTMARK_ID)).contains(ReceiptStatus.DELIVERED);

    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath()).isEqualTo("/messages/outbound/" + POSTMARK_ID + "/details");
    assertThat(request.getHeader("X-Postmark-Server-Token")).isEqualTo("postmark-secret");
  }

  @Test
  void givenABounceOrNoEvent_whenAskingItsStatus_itShouldSayBouncedOrSent() {
    answer(200, "{\"MessageEvents\":[{\"Type\":\"Bounced\"}]}");
    answer(200, "{\"MessageEvents\":[]}");

    assertThat(adapter().deliveryStatus(POSTMARK_ID)).contains(ReceiptStatus.BOUNCED);
    assertThat(adapter().deliveryStatus(POSTMARK_ID)).contains(ReceiptStatus.SENT);
  }

  // --- reconcile: "Outbound message search" by metadata ---

  private static final Instant SINCE = Instant.parse("2026-03-01T11:58:00Z");

  private static String summary(String postmarkId, String recipient, String irisId) {
    return "{\"Tag\":\"\",\"MessageID\":\""
        + postmarkId
        + "\",\"MessageStream\":\"outbound\",\"To\":[{\"Email\":\""
        + recipient
        + "\",\"Name\":null}],\"Cc\":[],\"Bcc\":[],\"Recipients\":[\""
        + recipient
        + "\"],\"ReceivedAt\":\"2026-03-01T06:58:31.1234567-05:00\",\"From\":\"alerts@iris.example\""
        + ",\"Subject\":\"Disk almost full\",\"Attachments\":[],\"Status\":\"Sent\""
        + (irisId == null ? "" : ",\"Metadata\":{\"iris_message_id\":\"" + irisId + "\"}")
        + "}";
  }

  private static String results(int total, String... summaries) {
    return "{\"TotalCount\":" + total + ",\"Messages\":[" + String.join(",", summaries) + "]}";
  }

  @Test
  void givenOurMessageIdInTheMetadata_whenReconciling_itShouldFindItWithOneSearch()
      throws Exception {
    answer(200, results(1, summary(POSTMARK_ID, TO, MESSAGE_ID.toString())));

    assertThat(adapter().reconcile(message(Channel.EMAIL, TO), SINCE))
        .isEqualTo(Reconciliation.found(POSTMARK_ID));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/messages/outbound");
    assertThat(request.getRequestUrl().queryParameter("count")).isEqualTo("50");
    assertThat(request.getRequestUrl().queryParameter("offset")).isEqualTo("0");
    assertThat(request.getRequestUrl().queryParameter("recipient")).isEqualTo(TO);
    assertThat(request.getRequestUrl().queryParameter("messagestream")).isEqualTo("outbound");
    assertThat(request.getRequestUrl().queryParameter("metadata_iris_message_id"))
        .isEqualTo(MESSAGE_ID.toString());
    assertThat(request.getHeader("X-Postmark-Server-Token")).isEqualTo("postmark-secret");
    assertThat(request.getHeader("Accept")).isEqualTo("application/json");
  }

  @Test
  void givenNoResult_whenReconciling_itShouldSayNotFound() {
    answer(200, results(0));

    assertThat(adapter().reconcile(message(Channel.EMAIL, TO), SINCE))
        .isEqualTo(Reconciliation.notFound());
  }

  @Test
  void givenResultsOfOtherMessages_whenReconciling_itShouldNotTakeThemForOurs() {
    // As if the metadata filter had been ignored: other messages of ours, to the same recipient.
    answer(
        200,
        results(
            2,
            summary("pm-1", TO, "5f0e8d7c-0000-4000-8000-000000000001"),
            summary("pm-2", "someone@else.example", MESSAGE_ID.toString())));

    assertThat(adapter().reconcile(message(Channel.EMAIL, TO), SINCE))
        .isEqualTo(Reconciliation.notFound());
  }

  @Test
  void givenAResultWithoutMetadata_whenReconciling_itShouldLeaveItUnsettled() {
    answer(200, results(1, summary("pm-1", TO, null)));

    assertThat(adapter().reconcile(message(Channel.EMAIL, TO), SINCE))
        .isEqualTo(Reconciliation.unsupported());
  }

  @Test
  void givenOurMessageOnTheSecondPage_whenReconciling_itShouldPageByOffset() throws Exception {
    String[] others = new String[PostmarkAdapter.PAGE_SIZE];
    for (int i = 0; i < others.length; i++) {
      others[i] = summary("pm-" + i, TO, "5f0e8d7c-0000-4000-8000-0000000000" + (10 + i));
    }
    answer(200, results(51, others));
    answer(200, results(51, summary(POSTMARK_ID, TO, MESSAGE_ID.toString())));

    assertThat(adapter().reconcile(message(Channel.EMAIL, TO), SINCE))
        .isEqualTo(Reconciliation.found(POSTMARK_ID));
    request();
    assertThat(request().getRequestUrl().queryParameter("offset")).isEqualTo("50");
  }

  @ParameterizedTest
  @CsvSource({"401, 10, UNAUTHORIZED", "429, 0, RATE_LIMITED", "500, 0, UNAVAILABLE"})
  void givenAnErrorWhileAsked_whenReconciling_itShouldFailNeverSayNotFound(
      int status, int code, Kind kind) {
    answer(status, "{\"ErrorCode\":" + code + ",\"Message\":\"no\"}");

    ProviderException failure =
        failure(() -> adapter().reconcile(message(Channel.EMAIL, TO), SINCE));

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.getMessage()).contains(MESSAGE_ID.toString()).doesNotContain(TO);
  }

  @Test
  void givenNoAnswerInTime_whenReconciling_itShouldTimeOutNeverSayNotFound() {
    answerNothing();

    assertThat(failure(() -> adapter().reconcile(message(Channel.EMAIL, TO), SINCE)).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void givenAnswerThatIsNotASearchResult_whenReconciling_itShouldFailNeverSayNotFound() {
    answer(200, "{\"Message\":\"maintenance\"}");

    assertThat(failure(() -> adapter().reconcile(message(Channel.EMAIL, TO), SINCE)).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenDetailsWithABodyOver64Kb_whenAskingItsStatus_itShouldStillReadTheEvents() {
    // Details carry the message's bodies; a large HTML email must not hide its events.
    answer(
        200,
        "{\"MessageID\":\""
            + POSTMARK_ID
            + "\",\"HtmlBody\":\""
            + "<p>".repeat(40_000)
            + "\",\"MessageEvents\":[{\"Type\":\"Delivered\",\"Recipient\":\""
            + TO
            + "\"}]}");

    assertThat(adapter().deliveryStatus(POSTMARK_ID)).contains(ReceiptStatus.DELIVERED);
  }

  @Test
  void givenTheProvidersYml_whenBindingItsBlock_itShouldGiveTheDocumentedDefaults() {
    PostmarkSettings settings = ProviderYml.bind("iris.providers.postmark", PostmarkSettings.class);

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.baseUrl()).isEqualTo("https://api.postmarkapp.com");
    assertThat(settings.costPerMessage()).isEqualByComparingTo("0.0012");
    assertThat(settings().toString()).doesNotContain("postmark-secret");
  }
}
