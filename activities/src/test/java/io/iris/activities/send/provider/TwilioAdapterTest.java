package io.iris.activities.send.provider;

import static io.iris.activities.send.provider.ProviderFixtures.IDEMPOTENCY_KEY;
import static io.iris.activities.send.provider.ProviderFixtures.MESSAGE_ID;
import static io.iris.activities.send.provider.ProviderFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.send.provider.ProviderException.Kind;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.math.BigDecimal;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioAdapterTest extends ProviderContractTest {

  private static final String TO = "+15557654321";

  private TwilioAdapter adapter(Object... replacements) {
    return new TwilioAdapter(ProviderFixtures.settings(replacements), http, callbacks);
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
    assertThat(request.getHeader("I-Twilio-Idempotency-Token")).isEqualTo(IDEMPOTENCY_KEY);
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
            new ProviderSettings.Twilio(
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

  @Test
  void givenATimedOutSend_whenReconciling_itShouldSayTwilioCannotBeAsked() {
    assertThat(adapter().reconcile(message(Channel.SMS, TO)))
        .isEqualTo(Reconciliation.unsupported());
    assertNoCall();
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
}
