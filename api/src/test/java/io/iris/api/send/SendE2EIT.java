package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.RealTemporal;
import io.iris.api.support.RealTemporalTestBase;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sends end to end: REST, workflows on the real Temporal dev server, the production adapters, the
 * simulator's provider APIs and its signed receipts.
 */
class SendE2EIT extends RealTemporalTestBase {

  @Autowired WorkflowClient workflowClient;

  ApiClient api;
  String key;
  String tenantId;

  @BeforeEach
  void tenant() {
    api = new ApiClient(port);
    Response t =
        api.post(
            "/v1/tenants", RealTemporal.ADMIN_KEY, "{\"name\":\"e2e-" + UUID.randomUUID() + "\"}");
    key = t.json().get("apiKey").asText();
    tenantId = t.json().get("id").asText();
    behave("twilio", 0);
    behave("telnyx", 0);
  }

  void behave(String provider, double failureRate) {
    Response r =
        api.send(
            "PUT",
            "/sim/" + provider + "/behavior",
            null,
            "application/json",
            "{\"failureRate\":" + failureRate + ",\"latencyMs\":0,\"receipt\":\"delivered\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  JsonNode awaitFinal(String id) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              String s = api.get("/v1/messages/" + id, key).json().get("status").asText();
              return !List.of("accepted", "sending", "sent").contains(s);
            });
    return api.get("/v1/messages/" + id + "?include=timeline", key).json();
  }

  @Test
  void givenAnSmsAndAnEmail_bothShouldBeDeliveredWithTheirTimelines() {
    String sms =
        api.post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550142\",\"body\":\"hello\"}")
            .json()
            .get("id")
            .asText();
    String email =
        api.post(
                "/v1/messages",
                key,
                "{\"channel\":\"email\",\"to\":\"ops@example.com\",\"subject\":\"Hi\",\"body\":\"hello\"}")
            .json()
            .get("id")
            .asText();

    JsonNode s = awaitFinal(sms);
    JsonNode e = awaitFinal(email);
    assertThat(s.get("status").asText()).isEqualTo("delivered");
    assertThat(e.get("status").asText()).isEqualTo("delivered");
    assertThat(s.get("timeline").findValuesAsText("event"))
        .contains("route", "provider.call", "receipt", "completed");
    assertThat(e.get("timeline").toString()).contains("sendgrid reported delivered");
  }

  @Test
  void
      givenThePrimarySmsProviderFailingEverything_100SendsShouldGoThroughTheBackupWithNoneLostOrDoubled()
          throws Exception {
    behave("twilio", 1.0);
    try {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<String>> ids = new ArrayList<>();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String to = "+1628" + (1000000 + (int) (Math.random() * 8999999));
        numbers.add(to);
        ids.add(
            pool.submit(
                () ->
                    api.post(
                            "/v1/messages",
                            key,
                            "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"failover\"}")
                        .json()
                        .get("id")
                        .asText()));
      }
      List<String> messageIds = new ArrayList<>();
      for (Future<String> f : ids) {
        messageIds.add(f.get());
      }
      pool.shutdown();

      for (String id : messageIds) {
        JsonNode m = awaitFinal(id);
        assertThat(m.get("status").asText()).as(id).isEqualTo("delivered");
        assertThat(m.get("provider").asText()).as(id).isEqualTo("telnyx");
      }
      // What the providers received: each number exactly once at the backup, never at the primary.
      Map<String, Integer> atTelnyx =
          countByRecipient(api.get("/sim/telnyx/messages", null).json());
      Map<String, Integer> atTwilio =
          countByRecipient(api.get("/sim/twilio/messages", null).json());
      for (String to : numbers) {
        assertThat(atTelnyx.getOrDefault(to, 0)).as("telnyx copies of " + to).isEqualTo(1);
        assertThat(atTwilio.getOrDefault(to, 0)).as("twilio copies of " + to).isZero();
      }
    } finally {
      behave("twilio", 0);
    }
  }

  @Test
  void givenDeliveredSends_theyShouldBeFoundByTenantAndStatusInTemporalVisibility() {
    String id =
        api.post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550199\",\"body\":\"find me\"}")
            .json()
            .get("id")
            .asText();
    awaitFinal(id);
    String query = "IrisTenantId = '" + tenantId + "' AND IrisMessageStatus = 'delivered'";
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        workflowClient
                            .listExecutions(query)
                            .map(x -> x.getExecution().getWorkflowId())
                            .toList())
                    .contains("message-" + id));
  }

  private static Map<String, Integer> countByRecipient(JsonNode messages) {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode m : messages) {
      counts.merge(m.get("to").asText(), 1, Integer::sum);
    }
    return counts;
  }
}
