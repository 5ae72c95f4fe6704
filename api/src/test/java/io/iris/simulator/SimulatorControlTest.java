package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.send.receipts.RecordingReceiptDispatcher;
import io.iris.api.send.receipts.WebhookCalls;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class SimulatorControlTest extends ApiTestBase {

  @AfterEach
  void normalBehavior() {
    for (SimulatedProvider provider : SimulatedProvider.values()) {
      behave(provider.wireName(), "{}");
    }
  }

  private Response behave(String provider, String json) {
    return api().send("PUT", "/sim/" + provider + "/behavior", null, "application/json", json);
  }

  private Response sendSms(String to, String key) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to);
    form.put("From", "+15005550006");
    form.put("Body", "control test");
    Map<String, String> headers = new LinkedHashMap<>(DevCredentials.twilioAuth());
    if (key != null) {
      headers.put("I-Twilio-Idempotency-Token", key);
    }
    return WebhookCalls.post(
        port,
        DevCredentials.TWILIO_MESSAGES + ".json",
        "application/x-www-form-urlencoded",
        WebhookCalls.form(form),
        headers);
  }

  private JsonNode messagesTo(String provider, String to) {
    JsonNode all = api().get("/sim/" + provider + "/messages", null).json();
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .valueToTree(
            StreamSupport.stream(all.spliterator(), false)
                .filter(m -> m.get("to").asText().equals(to))
                .toList());
  }

  private static String uniqueNumber() {
    return "+1555" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
  }

  @Test
  void givenAFailureRateOfOne_whenSending_itShouldAnswer503EveryTimeAndRecordNothing() {
    assertThat(behave("twilio", "{\"failureRate\":1.0}").status()).isEqualTo(200);
    String to = uniqueNumber();

    for (int i = 0; i < 20; i++) {
      Response r = sendSms(to, null);
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.json().get("code").asInt()).isEqualTo(20503);
    }
    assertThat(messagesTo("twilio", to)).isEmpty();
  }

  @Test
  void givenAFailureRateOfZero_whenSending_itShouldSucceedEveryTime() {
    assertThat(behave("twilio", "{\"failureRate\":0,\"receipt\":\"none\"}").status())
        .isEqualTo(200);
    String to = uniqueNumber();

    for (int i = 0; i < 20; i++) {
      assertThat(sendSms(to, UUID.randomUUID().toString()).status()).isEqualTo(201);
    }
    assertThat(messagesTo("twilio", to)).hasSize(20);
  }

  @Test
  void givenTheSameRequestTwiceToAProviderWithoutKeys_whenSending_itShouldRecordBothWithAttempts() {
    String to = uniqueNumber();

    Response first = sendSms(to, UUID.randomUUID().toString());
    Response second = sendSms(to, UUID.randomUUID().toString());

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    JsonNode recorded = messagesTo("twilio", to);
    assertThat(recorded).hasSize(2);
    assertThat(recorded)
        .extracting(m -> m.get("id").asText())
        .containsExactly(first.json().get("sid").asText(), second.json().get("sid").asText());
    // Twilio has no key; the attempts are the requests with the same recipient and text.
    assertThat(recorded)
        .allSatisfy(
            m -> {
              assertThat(m.get("idempotencyKey").asText()).isEmpty();
              assertThat(m.get("attempts").asInt()).isEqualTo(2);
            });
  }

  @Test
  void givenARequestThatFailedThenARetry_whenListed_theAttemptsShouldCountBoth() {
    String to = uniqueNumber();
    String key = UUID.randomUUID().toString();
    behave("twilio", "{\"failureRate\":1}");
    assertThat(sendSms(to, key).status()).isEqualTo(503);
    behave("twilio", "{\"failureRate\":0}");
    assertThat(sendSms(to, key).status()).isEqualTo(201);

    assertThat(messagesTo("twilio", to).get(0).get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void givenABehavior_whenSet_itShouldBeReadBackAndListedFields() {
    Response set =
        behave("telnyx", "{\"failureRate\":0.25,\"latencyMs\":10,\"receipt\":\"failed\"}");
    assertThat(set.status()).isEqualTo(200);

    JsonNode read = api().get("/sim/telnyx/behavior", null).json();
    assertThat(read.get("failureRate").asDouble()).isEqualTo(0.25);
    assertThat(read.get("latencyMs").asLong()).isEqualTo(10);
    assertThat(read.get("receipt").asText()).isEqualTo("failed");
    // A behavior replaces the last one whole: what is left out is normal again.
    behave("telnyx", "{\"latencyMs\":5}");
    JsonNode replaced = api().get("/sim/telnyx/behavior", null).json();
    assertThat(replaced.get("failureRate").asDouble()).isZero();
    assertThat(replaced.get("receipt").asText()).isEqualTo("delivered");
  }

  @Test
  void givenOutOfRangeValues_whenSet_itShouldSay400NamingTheField() {
    for (String[] bad :
        new String[][] {
          {"{\"failureRate\":1.5}", "failureRate"},
          {"{\"failureRate\":-0.1}", "failureRate"},
          {"{\"latencyMs\":-1}", "latencyMs"},
          {"{\"receipt\":\"lost\"}", "receipt"},
          {"{\"failureRate\":\"often\"}", "failureRate"},
          {"{\"colour\":\"red\"}", "colour"}
        }) {
      Response r = behave("twilio", bad[0]);
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(bad[1]);
    }
    assertThat(api().get("/sim/twilio/behavior", null).json().get("failureRate").asDouble())
        .isZero();
  }

  @Test
  void givenAnUnknownProvider_whenControlled_itShouldSay404() {
    assertProblem(behave("pigeon", "{}"), 404);
    assertProblem(api().get("/sim/pigeon/behavior", null), 404);
    assertProblem(api().get("/sim/pigeon/messages", null), 404);
    assertProblem(api().delete("/sim/pigeon/messages", null), 404);
  }

  @Test
  void givenLatency_whenSending_theAnswerShouldComeNoSooner() {
    behave("twilio", "{\"latencyMs\":300,\"receipt\":\"none\"}");

    long started = System.nanoTime();
    Response r = sendSms(uniqueNumber(), null);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(r.status()).isEqualTo(201);
    assertThat(tookMs).isGreaterThanOrEqualTo(300);
  }

  @Test
  void givenRecordedMessages_whenReset_theyShouldBeGone() {
    String to = uniqueNumber();
    sendSms(to, UUID.randomUUID().toString());
    assertThat(messagesTo("twilio", to)).hasSize(1);

    assertThat(api().delete("/sim/twilio/messages", null).status()).isEqualTo(204);

    assertThat(api().get("/sim/twilio/messages", null).json()).isEmpty();
  }

  @Test
  void givenTheSimulator_whenCalledWithoutAnApiKey_itShouldNotAskForOne() {
    assertThat(api().get("/sim/slack/messages", null).status()).isEqualTo(200);
    assertThat(api().get("/sim/fcm/behavior", null).status()).isEqualTo(200);
  }
}
