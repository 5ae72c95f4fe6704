package io.iris.api.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.api.send.receipts.RecordingReceiptDispatcher;
import io.iris.api.send.receipts.WebhookCalls;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class TwilioSimulatorTest extends ApiTestBase {

  @Autowired RecordingReceiptDispatcher dispatcher;

  @AfterEach
  void normalBehavior() {
    api().send("PUT", "/sim/twilio/behavior", null, "application/json", "{}");
  }

  private Response send(Map<String, String> form, Map<String, String> headers) {
    return WebhookCalls.post(
        port,
        DevCredentials.TWILIO_MESSAGES + ".json",
        "application/x-www-form-urlencoded",
        WebhookCalls.form(form),
        headers);
  }

  private Map<String, String> sms(String to, UUID messageId) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to);
    form.put("From", "+15005550006");
    form.put("Body", "Your code is 123456");
    if (messageId != null) {
      form.put(
          "StatusCallback",
          "http://localhost:" + port + "/webhooks/twilio/status?messageId=" + messageId);
    }
    return form;
  }

  @Test
  void givenAStatusCallback_whenTheMessageIsDelivered_itShouldReachTheDispatcherSignedAndInOrder() {
    UUID messageId = UUID.randomUUID();

    Response created = send(sms("+15558675310", messageId), DevCredentials.twilioAuth());

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String sid = created.json().get("sid").asText();
    assertThat(sid).matches("SM[0-9a-f]{32}");
    assertThat(created.json().get("status").asText()).isEqualTo("queued");
    assertThat(created.json().get("price").asText()).isEqualTo("-0.00790");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::status)
                    .containsExactly(ReceiptStatus.SENT, ReceiptStatus.DELIVERED));
    assertThat(dispatcher.receiptsFor(messageId))
        .allSatisfy(
            r -> {
              assertThat(r.provider()).isEqualTo("twilio");
              assertThat(r.providerMessageId()).isEqualTo(sid);
            });
    Response fetched =
        WebhookCalls.get(
            port,
            DevCredentials.TWILIO_MESSAGES + "/" + sid + ".json",
            DevCredentials.twilioAuth());
    assertThat(fetched.json().get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void givenReceiptsSetToFail_whenSent_itShouldReportUndeliveredWithTheCarrierError() {
    api().send("PUT", "/sim/twilio/behavior", null, "application/json", "{\"receipt\":\"failed\"}");
    UUID messageId = UUID.randomUUID();

    send(sms("+15558675311", messageId), DevCredentials.twilioAuth());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::status)
                    .containsExactly(ReceiptStatus.SENT, ReceiptStatus.UNDELIVERED));
    assertThat(dispatcher.receiptsFor(messageId).get(1).errorCode()).isEqualTo("30003");
  }

  @Test
  void givenReceiptsSetToNone_whenSent_noCallbackShouldArrive() {
    api().send("PUT", "/sim/twilio/behavior", null, "application/json", "{\"receipt\":\"none\"}");
    UUID messageId = UUID.randomUUID();

    assertThat(send(sms("+15558675312", messageId), DevCredentials.twilioAuth()).status())
        .isEqualTo(201);

    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(2))
        .until(() -> dispatcher.receiptsFor(messageId).isEmpty());
  }

  @Test
  void givenTheSameTokenTwice_whenSent_itShouldAnswerTheSameMessageAndCallBackOnce() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> headers = new LinkedHashMap<>(DevCredentials.twilioAuth());
    headers.put("I-Twilio-Idempotency-Token", messageId + "-1");

    String first = send(sms("+15558675313", messageId), headers).json().get("sid").asText();
    String second = send(sms("+15558675313", messageId), headers).json().get("sid").asText();

    assertThat(second).isEqualTo(first);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(dispatcher.receiptsFor(messageId)).hasSize(2));
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> dispatcher.receiptsFor(messageId).size() == 2);
  }

  @Test
  void givenWrongCredentials_whenSent_itShouldSay401AsTwilioDoes() {
    Response wrongToken =
        send(
            sms("+15558675314", null),
            Map.of("Authorization", WebhookCalls.basic(DevCredentials.TWILIO_SID, "guess")));
    Response none = send(sms("+15558675314", null), Map.of());

    for (Response r : new Response[] {wrongToken, none}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("code").asInt()).isEqualTo(20003);
      assertThat(r.json().get("message").asText()).isEqualTo("Authenticate");
    }
  }

  @Test
  void givenANumberThatIsNotE164_whenSent_itShouldSay400With21211() {
    Response r = send(sms("555-not-a-number", null), DevCredentials.twilioAuth());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asInt()).isEqualTo(21211);
    assertThat(r.json().get("message").asText())
        .isEqualTo("The 'To' number 555-not-a-number is not a valid phone number.");
  }

  @Test
  void givenAnUnknownSid_whenFetched_itShouldSay404() {
    Response r =
        WebhookCalls.get(
            port,
            DevCredentials.TWILIO_MESSAGES + "/SMdoesnotexist.json",
            DevCredentials.twilioAuth());

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("code").asInt()).isEqualTo(20404);
  }
}
