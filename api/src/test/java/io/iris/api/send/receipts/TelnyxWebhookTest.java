package io.iris.api.send.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.simulator.SimulatorKeys;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class TelnyxWebhookTest extends ApiTestBase {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Autowired RecordingReceiptDispatcher dispatcher;
  @Autowired SimulatorKeys keys;
  @Autowired Clock clock;

  /** A Telnyx messaging event as Telnyx sends it. */
  private static String event(
      String eventType, String eventId, String telnyxMessageId, String toStatus, String errorCode) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode data = root.putObject("data");
    data.put("event_type", eventType);
    data.put("id", eventId);
    data.put("occurred_at", "2026-01-01T00:00:00.000+00:00");
    data.put("record_type", "event");
    ObjectNode payload = data.putObject("payload");
    payload.put("id", telnyxMessageId);
    payload.put("record_type", "message");
    payload.put("direction", "outbound");
    payload.putObject("from").put("phone_number", "+15550001111");
    ObjectNode to = payload.putArray("to").addObject();
    to.put("phone_number", "+15550002222");
    to.put("status", toStatus);
    var errors = payload.putArray("errors");
    if (errorCode != null) {
      ObjectNode error = errors.addObject();
      error.put("code", errorCode);
      error.put("title", "Undeliverable");
      error.put("detail", "The carrier refused it.");
    }
    root.putObject("meta").put("attempt", 1);
    return root.toString();
  }

  private Response post(UUID messageId, String body, String timestamp, String signature) {
    return WebhookCalls.post(
        port,
        "/webhooks/telnyx?messageId=" + messageId,
        "application/json",
        body,
        Map.of("telnyx-timestamp", timestamp, "telnyx-signature-ed25519", signature));
  }

  private Response postSigned(UUID messageId, String body) {
    String timestamp = now();
    return post(
        messageId,
        body,
        timestamp,
        ProviderSignatures.telnyx(keys.telnyxSigningKey(), timestamp, body));
  }

  private String now() {
    return Long.toString(clock.instant().getEpochSecond());
  }

  @Test
  void givenAValidlySignedFinalizedDelivery_whenPosted_itShouldDispatchADeliveredReceipt() {
    UUID messageId = UUID.randomUUID();
    String telnyxId = UUID.randomUUID().toString();
    String eventId = UUID.randomUUID().toString();

    Response r =
        postSigned(messageId, event("message.finalized", eventId, telnyxId, "delivered", null));

    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(dispatcher.receiptsFor(messageId))
        .containsExactly(
            new DeliveryReceipt("telnyx", telnyxId, ReceiptStatus.DELIVERED, "", "", eventId));
  }

  @Test
  void givenEachEventKind_whenPosted_itShouldBeTranslated() {
    UUID messageId = UUID.randomUUID();
    String telnyxId = UUID.randomUUID().toString();

    postSigned(
        messageId, event("message.sent", UUID.randomUUID().toString(), telnyxId, "sent", null));
    postSigned(
        messageId,
        event(
            "message.finalized",
            UUID.randomUUID().toString(),
            telnyxId,
            "delivery_failed",
            "40008"));
    postSigned(
        messageId,
        event(
            "message.finalized",
            UUID.randomUUID().toString(),
            telnyxId,
            "delivery_unconfirmed",
            null));
    postSigned(
        messageId,
        event("message.finalized", UUID.randomUUID().toString(), telnyxId, "sending_failed", null));

    assertThat(dispatcher.receiptsFor(messageId))
        .extracting(DeliveryReceipt::status)
        .containsExactly(
            ReceiptStatus.SENT,
            ReceiptStatus.UNDELIVERED,
            // Final at Telnyx, but no word of delivery either way: not final here (TelnyxStatuses).
            ReceiptStatus.SENT,
            ReceiptStatus.FAILED);
    DeliveryReceipt failed = dispatcher.receiptsFor(messageId).get(1);
    assertThat(failed.errorCode()).isEqualTo("40008");
    assertThat(failed.detail()).isEqualTo("Undeliverable: The carrier refused it.");
  }

  @Test
  void givenAnEventWeDoNotActOn_whenPosted_itShouldBeAcknowledgedAndIgnored() {
    UUID messageId = UUID.randomUUID();

    Response r =
        postSigned(
            messageId,
            event(
                "message.received", UUID.randomUUID().toString(), "x", "webhook_delivered", null));

    assertThat(r.status()).isEqualTo(204);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenATamperedBody_whenPosted_itShouldSay401AndDispatchNothing() {
    UUID messageId = UUID.randomUUID();
    String signedBody =
        event("message.finalized", UUID.randomUUID().toString(), "t1", "delivery_failed", null);
    String timestamp = now();
    String signature = ProviderSignatures.telnyx(keys.telnyxSigningKey(), timestamp, signedBody);

    Response r =
        post(messageId, signedBody.replace("delivery_failed", "delivered"), timestamp, signature);

    assertProblem(r, 401);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenASignatureByAnotherKeyOrForAnotherTimestamp_whenPosted_itShouldSay401() {
    UUID messageId = UUID.randomUUID();
    String body = event("message.finalized", UUID.randomUUID().toString(), "t2", "delivered", null);
    String timestamp = now();
    PrivateKey stranger = ProviderSignatures.otherEd25519().getPrivate();

    assertProblem(
        post(messageId, body, timestamp, ProviderSignatures.telnyx(stranger, timestamp, body)),
        401);
    String signedForEarlier = Long.toString(Long.parseLong(timestamp) - 1);
    assertProblem(
        post(
            messageId,
            body,
            timestamp,
            ProviderSignatures.telnyx(keys.telnyxSigningKey(), signedForEarlier, body)),
        401);
    assertProblem(
        WebhookCalls.post(
            port, "/webhooks/telnyx?messageId=" + messageId, "application/json", body, Map.of()),
        401);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenAValidSignatureOnAStaleOrFutureTimestamp_whenPosted_itShouldSay401() {
    UUID messageId = UUID.randomUUID();
    String body = event("message.finalized", UUID.randomUUID().toString(), "t3", "delivered", null);
    long now = clock.instant().getEpochSecond();
    long outside = Duration.ofMinutes(5).plusSeconds(30).toSeconds();

    for (long at : new long[] {now - outside, now + outside}) {
      String timestamp = Long.toString(at);
      Response r =
          post(
              messageId,
              body,
              timestamp,
              ProviderSignatures.telnyx(keys.telnyxSigningKey(), timestamp, body));
      assertProblem(r, 401);
      assertThat(r.json().get("detail").asText()).contains("timestamp");
    }
    // Within the window it passes: the rejection above was about time, not the signature.
    String nearlyStale = Long.toString(now - Duration.ofMinutes(4).toSeconds());
    assertThat(
            post(
                    messageId,
                    body,
                    nearlyStale,
                    ProviderSignatures.telnyx(keys.telnyxSigningKey(), nearlyStale, body))
                .status())
        .isEqualTo(204);
    assertThat(dispatcher.receiptsFor(messageId)).hasSize(1);
  }

  @Test
  void givenTheSameEventRetried_whenPosted_itShouldBeDispatchedOnce() {
    UUID messageId = UUID.randomUUID();
    String body = event("message.finalized", UUID.randomUUID().toString(), "t4", "delivered", null);

    assertThat(postSigned(messageId, body).status()).isEqualTo(204);
    assertThat(postSigned(messageId, body.replace("\"attempt\":1", "\"attempt\":2")).status())
        .isEqualTo(204);

    assertThat(dispatcher.receiptsFor(messageId)).hasSize(1);
  }

  @Test
  void givenASignedButMalformedEvent_whenPosted_itShouldSay400NamingWhatIsWrong() {
    UUID messageId = UUID.randomUUID();

    Response noType = postSigned(messageId, "{\"data\":{\"id\":\"e1\",\"payload\":{}}}");
    assertProblem(noType, 400);
    assertThat(noType.json().get("errors").get(0).get("field").asText())
        .isEqualTo("data.event_type");

    Response noRecipient =
        postSigned(
            messageId,
            "{\"data\":{\"event_type\":\"message.finalized\",\"id\":\"e2\",\"payload\":{\"id\":\"m\",\"to\":[]}}}");
    assertProblem(noRecipient, 400);
    assertThat(noRecipient.json().get("errors").get(0).get("field").asText())
        .isEqualTo("data.payload.to");

    Response notJson = postSigned(messageId, "data=nope");
    assertProblem(notJson, 400);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }
}
