package io.iris.api.send.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.simulator.SimulatorKeys;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class SendGridEventWebhookTest extends ApiTestBase {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String X_MESSAGE_ID = "14c5d75ce93dfd64b469";

  @Autowired RecordingReceiptDispatcher dispatcher;
  @Autowired SimulatorKeys keys;
  @Autowired Clock clock;

  private static ObjectNode event(UUID messageId, String name) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("email", "someone@example.com");
    event.put("timestamp", 1_700_000_000L);
    event.put("smtp-id", "<14c5d75ce93.dfd.64b469@ismtpd-555>");
    event.put("event", name);
    event.put("sg_event_id", UUID.randomUUID().toString());
    event.put(
        "sg_message_id", X_MESSAGE_ID + ".filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0");
    if (messageId != null) {
      event.put("iris_message_id", messageId.toString());
    }
    return event;
  }

  private static String batch(ObjectNode... events) {
    ArrayNode array = MAPPER.createArrayNode();
    for (ObjectNode e : events) {
      array.add(e);
    }
    return array.toString();
  }

  private Response post(String body, String timestamp, String signature) {
    return WebhookCalls.post(
        port,
        "/webhooks/sendgrid",
        "application/json",
        body,
        Map.of(
            "X-Twilio-Email-Event-Webhook-Timestamp", timestamp,
            "X-Twilio-Email-Event-Webhook-Signature", signature));
  }

  private Response postSigned(String body) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    return post(
        body, timestamp, ProviderSignatures.sendgrid(keys.sendgridSigningKey(), timestamp, body));
  }

  @Test
  void givenAValidlySignedBatch_whenPosted_itShouldDispatchTheDelivery() {
    UUID messageId = UUID.randomUUID();
    ObjectNode delivered = event(messageId, "delivered");
    delivered.put("response", "250 OK");

    Response r = postSigned(batch(event(messageId, "processed"), delivered));

    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(dispatcher.receiptsFor(messageId))
        .containsExactly(
            new DeliveryReceipt(
                "sendgrid",
                X_MESSAGE_ID,
                ReceiptStatus.DELIVERED,
                "",
                "",
                delivered.get("sg_event_id").asText()));
  }

  @Test
  void givenEachEventKind_whenPosted_itShouldBeTranslatedOrIgnored() {
    UUID messageId = UUID.randomUUID();
    ObjectNode bounce = event(messageId, "bounce");
    bounce.put("type", "bounce");
    bounce.put("status", "5.1.1");
    bounce.put("reason", "550 5.1.1 unknown user");
    ObjectNode blocked = event(messageId, "bounce");
    blocked.put("type", "blocked");
    ObjectNode dropped = event(messageId, "dropped");
    dropped.put("reason", "Bounced Address");

    Response r =
        postSigned(
            batch(
                event(messageId, "processed"),
                event(messageId, "deferred"),
                bounce,
                blocked,
                dropped,
                event(messageId, "spamreport"),
                event(messageId, "open"),
                event(null, "delivered")));

    assertThat(r.status()).isEqualTo(204);
    assertThat(dispatcher.receiptsFor(messageId))
        .extracting(DeliveryReceipt::status)
        .containsExactly(
            ReceiptStatus.BOUNCED,
            ReceiptStatus.UNDELIVERED,
            ReceiptStatus.FAILED,
            ReceiptStatus.COMPLAINED);
    DeliveryReceipt hard = dispatcher.receiptsFor(messageId).get(0);
    assertThat(hard.errorCode()).isEqualTo("5.1.1");
    assertThat(hard.detail()).isEqualTo("550 5.1.1 unknown user");
  }

  @Test
  void givenATamperedBody_whenPosted_itShouldSay401AndDispatchNothing() {
    UUID messageId = UUID.randomUUID();
    String signed = batch(event(messageId, "bounce"));
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String signature = ProviderSignatures.sendgrid(keys.sendgridSigningKey(), timestamp, signed);

    Response r = post(signed.replace("\"bounce\"", "\"delivered\""), timestamp, signature);

    assertProblem(r, 401);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenAWrongKeyAStaleTimestampOrNoHeaders_whenPosted_itShouldSay401() {
    UUID messageId = UUID.randomUUID();
    String body = batch(event(messageId, "delivered"));
    long now = clock.instant().getEpochSecond();

    String timestamp = Long.toString(now);
    assertProblem(
        post(
            body,
            timestamp,
            ProviderSignatures.sendgrid(
                ProviderSignatures.otherP256().getPrivate(), timestamp, body)),
        401);
    String stale = Long.toString(now - 600);
    Response staleAnswer =
        post(body, stale, ProviderSignatures.sendgrid(keys.sendgridSigningKey(), stale, body));
    assertProblem(staleAnswer, 401);
    assertThat(staleAnswer.json().get("detail").asText()).contains("timestamp");
    assertProblem(post(body, timestamp, "bm90IGEgc2lnbmF0dXJl"), 401);
    assertProblem(
        WebhookCalls.post(port, "/webhooks/sendgrid", "application/json", body, Map.of()), 401);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenTheSameBatchRetried_whenPosted_eachEventShouldBeDispatchedOnce() {
    UUID messageId = UUID.randomUUID();
    String body = batch(event(messageId, "delivered"), event(messageId, "spamreport"));

    assertThat(postSigned(body).status()).isEqualTo(204);
    assertThat(postSigned(body).status()).isEqualTo(204);

    assertThat(dispatcher.receiptsFor(messageId)).hasSize(2);
  }

  @Test
  void givenASignedButMalformedBatch_whenPosted_itShouldSay400AndDispatchNothingOfIt() {
    UUID messageId = UUID.randomUUID();

    assertProblem(postSigned("{\"event\":\"delivered\"}"), 400);

    ObjectNode badId = event(messageId, "delivered");
    badId.put("iris_message_id", "not-a-uuid");
    Response r = postSigned(batch(event(messageId, "delivered"), badId));
    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText())
        .isEqualTo("[1].iris_message_id");

    ObjectNode nameless = event(messageId, "delivered");
    nameless.remove("event");
    Response noName = postSigned(batch(nameless));
    assertProblem(noName, 400);
    assertThat(noName.json().get("errors").get(0).get("field").asText()).isEqualTo("[0].event");

    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }
}
