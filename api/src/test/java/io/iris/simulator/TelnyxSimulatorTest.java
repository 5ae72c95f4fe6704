package io.iris.simulator;

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
class TelnyxSimulatorTest extends ApiTestBase {

  @Autowired RecordingReceiptDispatcher dispatcher;

  @AfterEach
  void normalBehavior() {
    api().send("PUT", "/sim/telnyx/behavior", null, "application/json", "{}");
  }

  private Response send(String to, UUID messageId, String key, String apiKey) {
    String body =
        "{\"from\":\"+15005550007\",\"to\":\""
            + to
            + "\",\"text\":\"Hello from Telnyx\",\"webhook_url\":\"http://localhost:"
            + port
            + "/webhooks/telnyx?messageId="
            + messageId
            + "\"}";
    Map<String, String> headers = new LinkedHashMap<>(DevCredentials.bearer(apiKey));
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return WebhookCalls.post(port, "/sim/telnyx/v2/messages", "application/json", body, headers);
  }

  @Test
  void givenAWebhookUrl_whenTheMessageIsDelivered_theSignedEventsShouldReachTheDispatcher() {
    UUID messageId = UUID.randomUUID();

    Response created = send("+15558675320", messageId, null, DevCredentials.TELNYX_KEY);

    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = created.json().get("data").get("id").asText();
    assertThat(created.json().get("data").get("to").get(0).get("status").asText())
        .isEqualTo("queued");
    assertThat(created.json().get("data").get("cost").get("amount").asText()).isEqualTo("0.0040");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::status)
                    .containsExactly(ReceiptStatus.SENT, ReceiptStatus.DELIVERED));
    assertThat(dispatcher.receiptsFor(messageId))
        .allSatisfy(r -> assertThat(r.providerMessageId()).isEqualTo(id))
        .extracting(DeliveryReceipt::eventId)
        .doesNotHaveDuplicates();
    Response fetched =
        WebhookCalls.get(
            port,
            "/sim/telnyx/v2/messages/" + id,
            DevCredentials.bearer(DevCredentials.TELNYX_KEY));
    assertThat(fetched.json().get("data").get("to").get(0).get("status").asText())
        .isEqualTo("delivered");
  }

  @Test
  void givenReceiptsSetToFail_whenSent_itShouldReportUndelivered() {
    api().send("PUT", "/sim/telnyx/behavior", null, "application/json", "{\"receipt\":\"failed\"}");
    UUID messageId = UUID.randomUUID();

    send("+15558675321", messageId, null, DevCredentials.TELNYX_KEY);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::status)
                    .containsExactly(ReceiptStatus.SENT, ReceiptStatus.UNDELIVERED));
  }

  @Test
  void givenTheSameIdempotencyKeyTwice_whenSent_itShouldBeTwoMessagesAsSendAMessageDeclaresNoKey() {
    UUID messageId = UUID.randomUUID();
    String key = UUID.randomUUID().toString();

    String first =
        send("+15558675322", messageId, key, DevCredentials.TELNYX_KEY)
            .json()
            .get("data")
            .get("id")
            .asText();
    String second =
        send("+15558675322", messageId, key, DevCredentials.TELNYX_KEY)
            .json()
            .get("data")
            .get("id")
            .asText();

    assertThat(second).isNotEqualTo(first);
    // The key each request carried is still shown.
    assertThat(api().get("/sim/telnyx/messages", null).json())
        .filteredOn(m -> m.get("idempotencyKey").asText().equals(key))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.get("attempts").asInt()).isEqualTo(2));
  }

  @Test
  void givenAnInvalidNumberOrKey_whenSent_itShouldAnswerAsTelnyxDoes() {
    Response invalid = send("12345", UUID.randomUUID(), null, DevCredentials.TELNYX_KEY);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().get("errors").get(0).get("code").asText()).isEqualTo("40310");

    Response unauthorized = send("+15558675323", UUID.randomUUID(), null, "KEYwrong");
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.json().get("errors").get(0).get("code").asText()).isEqualTo("10009");
  }
}
