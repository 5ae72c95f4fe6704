package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.api.send.receipts.RecordingReceiptDispatcher;
import io.iris.api.send.receipts.WebhookCalls;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** Plivo and Postmark (polled), Slack, Teams, tenant webhooks and FCM (delivered on accept). */
@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class OtherProvidersSimulatorTest extends ApiTestBase {

  @AfterEach
  void normalBehavior() {
    for (String provider : new String[] {"plivo", "postmark", "slack"}) {
      api().send("PUT", "/sim/" + provider + "/behavior", null, "application/json", "{}");
    }
  }

  @Test
  void givenAPlivoMessage_whenPolled_itShouldMoveFromQueuedToDelivered() {
    String base = "/sim/plivo/v1/Account/" + DevCredentials.PLIVO_ID + "/Message/";
    Map<String, String> auth =
        Map.of(
            "Authorization",
            WebhookCalls.basic(DevCredentials.PLIVO_ID, DevCredentials.PLIVO_TOKEN));

    Response queued =
        WebhookCalls.post(
            port,
            base,
            "application/json",
            "{\"src\":\"+15005550008\",\"dst\":\"+15558675330\",\"text\":\"hi\"}",
            auth);

    assertThat(queued.status()).as(queued.body()).isEqualTo(202);
    assertThat(queued.json().get("message").asText()).isEqualTo("message(s) queued");
    String uuid = queued.json().get("message_uuid").get(0).asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        WebhookCalls.get(port, base + uuid + "/", auth)
                            .json()
                            .get("message_state")
                            .asText())
                    .isEqualTo("delivered"));
    Response wrong =
        WebhookCalls.get(
            port, base + uuid + "/", Map.of("Authorization", WebhookCalls.basic("MAx", "y")));
    assertThat(wrong.status()).isEqualTo(401);
  }

  @Test
  void givenAPostmarkEmail_whenPolled_itsDetailsShouldShowTheDelivery() {
    Map<String, String> token = Map.of("X-Postmark-Server-Token", DevCredentials.POSTMARK_TOKEN);
    Response sent =
        WebhookCalls.post(
            port,
            "/sim/postmark/email",
            "application/json",
            "{\"From\":\"iris@simulator.invalid\",\"To\":\"someone@example.com\","
                + "\"Subject\":\"Hi\",\"TextBody\":\"Hello\",\"MessageStream\":\"outbound\"}",
            token);

    assertThat(sent.status()).as(sent.body()).isEqualTo(200);
    assertThat(sent.json().get("ErrorCode").asInt()).isZero();
    assertThat(sent.json().get("Message").asText()).isEqualTo("OK");
    String id = sent.json().get("MessageID").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Response details =
                  WebhookCalls.get(
                      port, "/sim/postmark/messages/outbound/" + id + "/details", token);
              assertThat(details.json().get("Status").asText()).isEqualTo("Sent");
              assertThat(details.json().get("MessageEvents"))
                  .anySatisfy(e -> assertThat(e.get("Type").asText()).isEqualTo("Delivered"));
            });

    Response invalid =
        WebhookCalls.post(
            port,
            "/sim/postmark/email",
            "application/json",
            "{\"From\":\"iris@simulator.invalid\",\"To\":\"nobody\",\"TextBody\":\"x\"}",
            token);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().get("ErrorCode").asInt()).isEqualTo(300);
    assertThat(invalid.json().get("Message").asText()).isEqualTo("Invalid 'To' address: 'nobody'.");
  }

  @Test
  void givenSlackMessages_whenPosted_itShouldAnswerAsSlackDoes() {
    Map<String, String> auth = DevCredentials.bearer(DevCredentials.SLACK_TOKEN);
    String channel = "C" + Long.toHexString(System.nanoTime()).toUpperCase();

    Response ok =
        WebhookCalls.post(
            port,
            "/sim/slack/api/chat.postMessage",
            "application/x-www-form-urlencoded",
            "channel=" + channel + "&text=Deploy+finished",
            auth);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("ok").asBoolean()).isTrue();
    assertThat(ok.json().get("channel").asText()).isEqualTo(channel);
    assertThat(ok.json().get("message").get("text").asText()).isEqualTo("Deploy finished");

    Response json =
        WebhookCalls.post(
            port,
            "/sim/slack/api/chat.postMessage",
            "application/json; charset=utf-8",
            "{\"channel\":\"" + channel + "\",\"text\":\"Deploy finished\"}",
            auth);
    assertThat(json.json().get("ok").asBoolean()).isTrue();
    assertThat(api().get("/sim/slack/messages", null).json())
        .filteredOn(m -> m.get("to").asText().equals(channel))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.get("attempts").asInt()).isEqualTo(2));

    Response missing =
        WebhookCalls.post(
            port,
            "/sim/slack/api/chat.postMessage",
            "application/x-www-form-urlencoded",
            "channel=XNOPE&text=hi",
            auth);
    assertThat(missing.status()).isEqualTo(200);
    assertThat(missing.json().get("error").asText()).isEqualTo("channel_not_found");

    Response badToken =
        WebhookCalls.post(
            port,
            "/sim/slack/api/chat.postMessage",
            "application/x-www-form-urlencoded",
            "channel=" + channel + "&text=hi",
            DevCredentials.bearer("xoxb-wrong"));
    assertThat(badToken.json().get("error").asText()).isEqualTo("invalid_auth");
  }

  @Test
  void givenSlackFailing_whenPosted_itShouldAnswer503Or429WithRetryAfter() {
    api().send("PUT", "/sim/slack/behavior", null, "application/json", "{\"failureRate\":1}");
    for (int i = 0; i < 12; i++) {
      Response r =
          WebhookCalls.post(
              port,
              "/sim/slack/api/chat.postMessage",
              "application/x-www-form-urlencoded",
              "channel=C1&text=hi",
              DevCredentials.bearer(DevCredentials.SLACK_TOKEN));
      assertThat(r.status()).isIn(429, 503);
      if (r.status() == 429) {
        assertThat(r.header("Retry-After")).contains("1");
        assertThat(r.json().get("error").asText()).isEqualTo("ratelimited");
      }
    }
  }

  @Test
  void givenATeamsCard_whenPosted_itShouldAnswerOne() {
    String path = "/sim/teams/webhook/" + UUID.randomUUID() + "/IncomingWebhook/abc";
    Response r =
        WebhookCalls.post(
            port,
            path,
            "application/json",
            "{\"@type\":\"MessageCard\",\"@context\":\"https://schema.org/extensions\","
                + "\"summary\":\"Incident\",\"title\":\"Incident\",\"text\":\"Database is down\"}",
            Map.of());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("1");
    assertThat(WebhookCalls.post(port, path, "application/json", "not json", Map.of()).status())
        .isEqualTo(400);
  }

  @Test
  void givenATenantWebhook_whenSigned_itShouldBeAcceptedOnceAndWhenNotRefused() throws Exception {
    String path = "/sim/webhook/receive/" + UUID.randomUUID();
    String body = "{\"id\":\"m1\",\"body\":\"hello\"}";
    String timestamp = "1700000000";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            DevCredentials.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "v1="
            + HexFormat.of()
                .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    String key = UUID.randomUUID().toString();
    Map<String, String> headers =
        Map.of(
            "X-Iris-Timestamp", timestamp,
            "X-Iris-Signature", "v1=00ff," + signature,
            "Idempotency-Key", key);

    assertThat(WebhookCalls.post(port, path, "application/json", body, headers).status())
        .isEqualTo(200);
    assertThat(WebhookCalls.post(port, path, "application/json", body, headers).status())
        .isEqualTo(200);
    assertThat(api().get("/sim/webhook/messages", null).json())
        .filteredOn(m -> m.get("idempotencyKey").asText().equals(key))
        .singleElement()
        .satisfies(m -> assertThat(m.get("attempts").asInt()).isEqualTo(2));

    Response tampered =
        WebhookCalls.post(port, path, "application/json", body.replace("hello", "HELLO"), headers);
    assertThat(tampered.status()).isEqualTo(401);
  }

  @Test
  void givenAPush_whenSent_itShouldAnswerANameOrUnregistered() {
    String path = "/sim/fcm/v1/projects/iris-simulator/messages:send";
    Map<String, String> auth = DevCredentials.bearer(DevCredentials.FCM_TOKEN);

    Response ok =
        WebhookCalls.post(
            port,
            path,
            "application/json",
            "{\"message\":{\"token\":\"device-1\",\"notification\":{\"title\":\"T\",\"body\":\"B\"}}}",
            auth);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("name").asText()).startsWith("projects/iris-simulator/messages/");

    Response gone =
        WebhookCalls.post(
            port, path, "application/json", "{\"message\":{\"token\":\"invalid\"}}", auth);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("error").get("status").asText()).isEqualTo("NOT_FOUND");
    assertThat(gone.json().get("error").get("details").get(0).get("errorCode").asText())
        .isEqualTo("UNREGISTERED");

    assertThat(
            WebhookCalls.post(port, path, "application/json", "{\"message\":{}}", Map.of())
                .status())
        .isEqualTo(401);
  }
}
