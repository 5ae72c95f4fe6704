package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.api.send.receipts.RecordingReceiptDispatcher;
import io.iris.api.send.receipts.WebhookCalls;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
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
  @Autowired TestClock clock;

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
  void givenTheSameRequestTwice_whenSent_itShouldBeTwoMessagesAsTwilioTakesNoIdempotencyKey() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> headers = new LinkedHashMap<>(DevCredentials.twilioAuth());
    // A header Twilio puts on its webhooks; on an API request it means nothing.
    headers.put("I-Twilio-Idempotency-Token", messageId + "-1");

    String first = send(sms("+15558675313", messageId), headers).json().get("sid").asText();
    String second = send(sms("+15558675313", messageId), headers).json().get("sid").asText();

    assertThat(second).isNotEqualTo(first);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::providerMessageId)
                    .contains(first, second));
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

  // --- "Read multiple Message resources" ---

  private Response list(String query, Map<String, String> headers) {
    return WebhookCalls.get(port, DevCredentials.TWILIO_MESSAGES + ".json?" + query, headers);
  }

  private static String uniqueNumber() {
    return "+1555" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
  }

  @Test
  void givenMessagesToSeveralNumbers_whenListedByToAndFrom_itShouldShowOnlyThoseNewestFirst() {
    String to = uniqueNumber();
    String first = send(sms(to, null), DevCredentials.twilioAuth()).json().get("sid").asText();
    String second = send(sms(to, null), DevCredentials.twilioAuth()).json().get("sid").asText();
    send(sms(uniqueNumber(), null), DevCredentials.twilioAuth());

    Response page =
        list("To=" + to.replace("+", "%2B") + "&From=%2B15005550006", DevCredentials.twilioAuth());

    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().get("messages"))
        .extracting(m -> m.get("sid").asText())
        .containsExactly(second, first);
    assertThat(page.json().get("messages").get(0).get("body").asText())
        .isEqualTo("Your code is 123456");
    assertThat(page.json().get("messages").get(0).get("direction").asText())
        .isEqualTo("outbound-api");
    assertThat(page.json().get("messages").get(0).get("date_created").asText())
        .matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    assertThat(page.json().get("next_page_uri").isNull()).isTrue();
    assertThat(page.json().get("page_size").asInt()).isEqualTo(50);
  }

  @Test
  void givenMoreMessagesThanAPage_whenListed_nextPageUriShouldLeadToTheRest() {
    String to = uniqueNumber();
    for (int i = 0; i < 3; i++) {
      send(sms(to, null), DevCredentials.twilioAuth());
    }
    String query = "To=" + to.replace("+", "%2B") + "&PageSize=2";

    Response first = list(query, DevCredentials.twilioAuth());
    String next = first.json().get("next_page_uri").asText();
    Response second = WebhookCalls.get(port, "/sim/twilio" + next, DevCredentials.twilioAuth());

    assertThat(first.json().get("messages")).hasSize(2);
    assertThat(next)
        .startsWith("/2010-04-01/Accounts/" + DevCredentials.TWILIO_SID + "/Messages.json?");
    assertThat(next).contains("PageToken=");
    assertThat(second.json().get("messages")).hasSize(1);
    assertThat(second.json().get("next_page_uri").isNull()).isTrue();
    assertThat(second.json().get("page").asInt()).isEqualTo(1);
  }

  @Test
  void givenDateSentFilters_whenListed_onlyMessagesSentThatDayShouldMatch() {
    String to = uniqueNumber();
    String sid = send(sms(to, null), DevCredentials.twilioAuth()).json().get("sid").asText();
    String today =
        java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).toString();
    String toParam = "To=" + to.replace("+", "%2B");
    // date_sent is set once Twilio hands the message on.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        list(toParam + "&DateSent=" + today, DevCredentials.twilioAuth())
                            .json()
                            .get("messages"))
                    .extracting(m -> m.get("sid").asText())
                    .containsExactly(sid));

    assertThat(
            list(toParam + "&DateSent%3E=" + today, DevCredentials.twilioAuth())
                .json()
                .get("messages"))
        .hasSize(1);
    assertThat(
            list(toParam + "&DateSent%3C=2020-01-01", DevCredentials.twilioAuth())
                .json()
                .get("messages"))
        .isEmpty();
    assertThat(
            list(toParam + "&DateSent=%3E%3D2999-01-01", DevCredentials.twilioAuth())
                .json()
                .get("messages"))
        .isEmpty();
  }

  @Test
  void givenWrongCredentialsOrAnotherAccount_whenListed_itShouldSay401AsTwilioDoes() {
    Response wrong =
        list(
            "PageSize=1",
            Map.of("Authorization", WebhookCalls.basic(DevCredentials.TWILIO_SID, "guess")));
    Response none = list("PageSize=1", Map.of());
    Response otherAccount =
        WebhookCalls.get(
            port,
            "/sim/twilio/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json",
            DevCredentials.twilioAuth());

    for (Response r : new Response[] {wrong, none, otherAccount}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("code").asInt()).isEqualTo(20003);
    }
  }

  @Test
  void givenABodyOverTwiliosLimit_whenSent_itShouldSay400WithCode21617AndTakeNothing() {
    String to = uniqueNumber();
    Map<String, String> form = sms(to, null);
    form.put("Body", "x".repeat(1601));

    Response r = send(form, DevCredentials.twilioAuth());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asInt()).isEqualTo(21617);
    assertThat(
            list("To=" + to.replace("+", "%2B"), DevCredentials.twilioAuth())
                .json()
                .get("messages"))
        .isEmpty();
  }
}
