package io.iris.api.send.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class TwilioStatusWebhookTest extends ApiTestBase {

  /** The auth token application-dev.yml gives the (simulated) Twilio account. */
  static final String AUTH_TOKEN = "simulator-not-a-secret";

  static final String FORM = "application/x-www-form-urlencoded";

  @Autowired RecordingReceiptDispatcher dispatcher;

  private static Map<String, String> callback(String sid, String status) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("SmsSid", sid);
    fields.put("SmsStatus", status);
    fields.put("MessageStatus", status);
    fields.put("To", "+15558675310");
    fields.put("MessageSid", sid);
    fields.put("AccountSid", "ACsimulator00000000000000000000000");
    fields.put("From", "+15017122661");
    fields.put("ApiVersion", "2010-04-01");
    return fields;
  }

  private static String path(UUID messageId) {
    return "/webhooks/twilio/status?messageId=" + messageId;
  }

  private String url(UUID messageId) {
    return "http://localhost:" + port + path(messageId);
  }

  private Response post(UUID messageId, Map<String, String> fields, String signature) {
    return post(path(messageId), fields, Map.of("X-Twilio-Signature", signature));
  }

  private Response post(
      String pathAndQuery, Map<String, String> fields, Map<String, String> headers) {
    return WebhookCalls.post(port, pathAndQuery, FORM, WebhookCalls.form(fields), headers);
  }

  private static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void givenASignedCallbackWithANulInAField_whenPosted_itShouldBe400NamingItAndDispatchNothing() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> fields = callback("SM\u0000" + UUID.randomUUID(), "delivered");

    Response r =
        post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields));

    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("MessageSid");
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenAValidlySignedDeliveredCallback_whenPosted_itShouldDispatchADeliveredReceipt() {
    UUID messageId = UUID.randomUUID();
    String sid = sid();
    Map<String, String> fields = callback(sid, "delivered");

    Response r =
        post(
            path(messageId),
            fields,
            Map.of(
                "X-Twilio-Signature",
                ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields),
                "I-Twilio-Idempotency-Token",
                "token-" + sid));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/xml");
    assertThat(r.body()).contains("<Response>");
    assertThat(dispatcher.receiptsFor(messageId))
        .containsExactly(
            new DeliveryReceipt(
                "twilio",
                sid,
                ReceiptStatus.DELIVERED,
                "",
                "Twilio status delivered",
                "token-" + sid));
  }

  @ParameterizedTest
  @CsvSource({"sent,SENT,", "undelivered,UNDELIVERED,30003", "failed,FAILED,30007"})
  void givenEachFinalOrSentStatus_whenPosted_itShouldBeTranslated(
      String twilioStatus, ReceiptStatus expected, String errorCode) {
    UUID messageId = UUID.randomUUID();
    String sid = sid();
    Map<String, String> fields = callback(sid, twilioStatus);
    if (errorCode != null) {
      fields.put("ErrorCode", errorCode);
    }

    Response r =
        post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(dispatcher.receiptsFor(messageId))
        .singleElement()
        .satisfies(
            receipt -> {
              assertThat(receipt.status()).isEqualTo(expected);
              assertThat(receipt.providerMessageId()).isEqualTo(sid);
              assertThat(receipt.errorCode()).isEqualTo(errorCode == null ? "" : errorCode);
              assertThat(receipt.eventId()).isEqualTo(sid + ":" + twilioStatus);
            });
  }

  @Test
  void givenAReadReceipt_whenPosted_itShouldDispatchADeliveredReceipt() {
    // "read" follows "delivered" on channels with read receipts; it may be the only proof that
    // arrives, and it is what the adapter's poll already took as delivered.
    UUID messageId = UUID.randomUUID();
    String sid = sid();
    Map<String, String> fields = callback(sid, "read");

    Response r =
        post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(dispatcher.receiptsFor(messageId))
        .singleElement()
        .satisfies(
            receipt -> {
              assertThat(receipt.status()).isEqualTo(ReceiptStatus.DELIVERED);
              assertThat(receipt.eventId()).isEqualTo(sid + ":read");
            });
  }

  @Test
  void givenAnEarlyStatus_whenPosted_itShouldBeAcknowledgedAndIgnored() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> fields = callback(sid(), "queued");

    Response r =
        post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields));

    assertThat(r.status()).isEqualTo(200);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenAWrongSignatureOnABodyThatIsNotAForm_whenPosted_itShouldSay401NotNameAField() {
    // Authenticate first, whatever the body: a body that does not even decode cannot carry
    // Twilio's signature, so it is refused as unauthenticated, not read (it used to be a 400).
    UUID messageId = UUID.randomUUID();

    Response r =
        WebhookCalls.post(
            port,
            path(messageId),
            FORM,
            "MessageSid=%zz&MessageStatus=delivered",
            Map.of("X-Twilio-Signature", "bm90LWEtc2lnbmF0dXJl"));

    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.contentType()).contains("application/problem+json");
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenATamperedBody_whenPosted_itShouldSay401AndDispatchNothing() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> signed = callback(sid(), "undelivered");
    String signature = ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), signed);
    Map<String, String> tampered = new LinkedHashMap<>(signed);
    tampered.put("MessageStatus", "delivered");

    Response r = post(messageId, tampered, signature);

    assertProblem(r, 401);
    assertThat(r.json().get("type").asText()).endsWith("/invalid-signature");
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenAWrongOrMissingSignature_whenPosted_itShouldSay401AndDispatchNothing() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> fields = callback(sid(), "delivered");

    assertProblem(
        post(messageId, fields, ProviderSignatures.twilio("another-token", url(messageId), fields)),
        401);
    assertProblem(post(path(messageId), fields, Map.of()), 401);
    assertProblem(post(messageId, fields, "not-even-base64!"), 401);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }

  @Test
  void givenASignatureForAnotherMessagesUrl_whenPosted_itShouldSay401() {
    UUID messageId = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    Map<String, String> fields = callback(sid(), "delivered");

    // The query string is part of what Twilio signs: a receipt cannot be moved to another message.
    Response r = post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(other), fields));

    assertProblem(r, 401);
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
    assertThat(dispatcher.receiptsFor(other)).isEmpty();
  }

  @Test
  void givenAProxyInFront_whenSignedForThePublicUrl_itShouldVerifyAgainstTheForwardedUrl() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> fields = callback(sid(), "delivered");
    String publicUrl = "https://iris.example.com" + path(messageId);
    String signature = ProviderSignatures.twilio(AUTH_TOKEN, publicUrl, fields);

    Response direct = post(messageId, fields, signature);
    assertProblem(direct, 401);

    Response proxied =
        post(
            path(messageId),
            fields,
            Map.of(
                "X-Twilio-Signature", signature,
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "iris.example.com",
                "X-Forwarded-Port", "443"));
    assertThat(proxied.status()).as(proxied.body()).isEqualTo(200);
    assertThat(dispatcher.receiptsFor(messageId)).hasSize(1);
  }

  @Test
  void givenTheSameCallbackTwice_whenPosted_itShouldBeDispatchedOnce() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> fields = callback(sid(), "delivered");
    String signature = ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields);

    assertThat(post(messageId, fields, signature).status()).isEqualTo(200);
    assertThat(post(messageId, fields, signature).status()).isEqualTo(200);

    assertThat(dispatcher.receiptsFor(messageId)).hasSize(1);
  }

  @Test
  void givenAMessageTheDispatcherDoesNotKnow_whenPosted_itShouldStillAnswer200() {
    UUID messageId = UUID.randomUUID();
    dispatcher.treatAsUnknown(messageId);
    Map<String, String> fields = callback(sid(), "delivered");

    Response r =
        post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields));

    assertThat(r.status()).isEqualTo(200);
    assertThat(dispatcher.receiptsFor(messageId)).hasSize(1);
  }

  @Test
  void givenASignedCallbackWithoutOrWithABadMessageId_whenPosted_itShouldSay400NamingIt() {
    Map<String, String> fields = callback(sid(), "delivered");
    String noId = "http://localhost:" + port + "/webhooks/twilio/status";
    Response missing =
        post(
            "/webhooks/twilio/status",
            fields,
            Map.of("X-Twilio-Signature", ProviderSignatures.twilio(AUTH_TOKEN, noId, fields)));
    assertProblem(missing, 400);
    assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("messageId");

    String badPath = "/webhooks/twilio/status?messageId=42";
    Response bad =
        post(
            badPath,
            fields,
            Map.of(
                "X-Twilio-Signature",
                ProviderSignatures.twilio(
                    AUTH_TOKEN, "http://localhost:" + port + badPath, fields)));
    assertProblem(bad, 400);
    assertThat(bad.json().get("detail").asText()).contains("messageId").contains("UUID");
  }

  @Test
  void givenAnUnknownStatus_whenPosted_itShouldSay400NamingTheField() {
    UUID messageId = UUID.randomUUID();
    Map<String, String> fields = callback(sid(), "teleported");

    Response r =
        post(messageId, fields, ProviderSignatures.twilio(AUTH_TOKEN, url(messageId), fields));

    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("MessageStatus");
    assertThat(dispatcher.receiptsFor(messageId)).isEmpty();
  }
}
