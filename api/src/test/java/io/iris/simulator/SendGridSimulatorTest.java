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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class SendGridSimulatorTest extends ApiTestBase {

  @Autowired RecordingReceiptDispatcher dispatcher;

  @AfterEach
  void normalBehavior() {
    api().send("PUT", "/sim/sendgrid/behavior", null, "application/json", "{}");
  }

  private Response send(String to, UUID messageId, String key) {
    String mail =
        """
        {"personalizations":[{"to":[{"email":"%s"}]}],
         "from":{"email":"iris@simulator.invalid","name":"IRIS"},
         "subject":"Your receipt",
         "content":[{"type":"text/plain","value":"Thanks for your order."}],
         "custom_args":{"iris_message_id":"%s","iris_idempotency_key":"%s"}}
        """
            .formatted(to, messageId, key);
    return WebhookCalls.post(
        port,
        "/sim/sendgrid/v3/mail/send",
        "application/json",
        mail,
        DevCredentials.bearer(DevCredentials.SENDGRID_KEY));
  }

  @Test
  void givenAnAcceptedMail_whenDelivered_theSignedEventsShouldReachTheDispatcher() {
    UUID messageId = UUID.randomUUID();

    Response accepted = send("someone@example.com", messageId, UUID.randomUUID().toString());

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String xMessageId = accepted.header("X-Message-Id").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.provider()).isEqualTo("sendgrid");
                          assertThat(r.status()).isEqualTo(ReceiptStatus.DELIVERED);
                          assertThat(r.providerMessageId()).isEqualTo(xMessageId);
                        }));
  }

  @Test
  void givenReceiptsSetToFail_whenSent_itShouldReportABounce() {
    api()
        .send(
            "PUT", "/sim/sendgrid/behavior", null, "application/json", "{\"receipt\":\"failed\"}");
    UUID messageId = UUID.randomUUID();

    send("nobody@example.com", messageId, UUID.randomUUID().toString());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::status)
                    .containsExactly(ReceiptStatus.BOUNCED));
  }

  @Test
  void givenTheSameIdempotencyKeyTwice_whenSent_itShouldBeTwoMessagesAsSendGridHasNoKey() {
    UUID messageId = UUID.randomUUID();
    String key = UUID.randomUUID().toString();

    String first = send("twice@example.com", messageId, key).header("X-Message-Id").orElseThrow();
    String second = send("twice@example.com", messageId, key).header("X-Message-Id").orElseThrow();

    assertThat(second).isNotEqualTo(first);
    assertThat(api().get("/sim/sendgrid/messages", null).json())
        .filteredOn(m -> m.get("idempotencyKey").asText().equals(key))
        .hasSize(2);
  }

  @Test
  void givenAnInvalidAddress_whenSent_itShouldSay400NamingTheField() {
    Response r = send("not-an-address", UUID.randomUUID(), UUID.randomUUID().toString());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("message").asText())
        .isEqualTo("Does not contain a valid address.");
    assertThat(r.json().get("errors").get(0).get("field").asText())
        .isEqualTo("personalizations.0.to.0.email");
  }
}
