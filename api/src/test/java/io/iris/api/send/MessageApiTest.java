package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.send.MessageStore;
import io.iris.activities.send.SendOutbox;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sends through REST, the workflow, the real adapters and the simulator's signed receipts. */
class MessageApiTest extends ApiTestBase {

  String key;
  String tenantId;

  @BeforeEach
  void tenant() {
    JsonNode t = createTenant(uniqueName("sender"));
    key = t.get("apiKey").asText();
    tenantId = t.get("id").asText();
    for (String provider : List.of("twilio", "telnyx", "sendgrid", "postmark", "slack")) {
      api()
          .send(
              "PUT",
              "/sim/" + provider + "/behavior",
              null,
              "application/json",
              "{\"failureRate\":0,\"latencyMs\":0,\"receipt\":\"delivered\"}");
    }
  }

  static String phone() {
    return "+1415" + (1000000 + (int) (Math.random() * 8999999));
  }

  JsonNode awaitFinal(String id) {
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String status = api().get("/v1/messages/" + id, key).json().get("status").asText();
              return !List.of("accepted", "sending", "sent").contains(status);
            });
    return api().get("/v1/messages/" + id + "?include=timeline", key).json();
  }

  @Test
  void givenAnSms_whenSent_itShouldBeDeliveredWithATimelineFromTheWorkflowHistory() {
    Response accepted =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"" + phone() + "\",\"body\":\"hello\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.json().get("status").asText()).isEqualTo("accepted");
    String id = accepted.json().get("id").asText();
    assertThat(accepted.json().get("links").get("self").asText()).isEqualTo("/v1/messages/" + id);

    JsonNode m = awaitFinal(id);
    assertThat(m.get("status").asText()).isEqualTo("delivered");
    assertThat(m.get("provider").asText()).isEqualTo("twilio");
    assertThat(m.get("tenantId").asText()).isEqualTo(tenantId);
    assertThat(m.get("costUsd").decimalValue()).isPositive();
    assertThat(m.get("attempts"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("provider").asText()).isEqualTo("twilio");
              assertThat(a.get("outcome").asText()).isEqualTo("accepted");
            });
    List<String> events = m.get("timeline").findValuesAsText("event");
    assertThat(events)
        .containsSubsequence(
            "accepted",
            "policy",
            "route",
            "provider.call",
            "provider.answered",
            "receipt",
            "completed");
    assertThat(m.get("timeline").toString()).contains("twilio reported delivered");
    // The provider call is a local activity whose marker names no provider: the attempt does.
    JsonNode call = m.get("timeline").get(events.indexOf("provider.call"));
    assertThat(call.get("detail").asText()).isEqualTo("twilio");
    JsonNode answer = m.get("timeline").get(events.indexOf("provider.answered"));
    assertThat(answer.get("detail").asText()).startsWith("twilio accepted it as SM");
    // Twilio also reported "sent" first; not final, so no signal (and workflow task) was spent on
    // it.
    assertThat(m.get("timeline").toString()).doesNotContain("twilio reported sent");
  }

  @Test
  void givenADeliveredSms_whenPolled_itsTimelineShouldComeFromTheDatabaseUnlessTheHistoryIsAsked() {
    Response accepted =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550199\",\"body\":\"poll me\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String id = accepted.json().get("id").asText();
    awaitFinal(id);

    JsonNode polled = api().get("/v1/messages/" + id, key).json();

    assertThat(polled.get("status").asText()).isEqualTo("delivered");
    assertThat(polled.get("timeline").findValuesAsText("event"))
        .containsExactly("accepted", "attempt", "completed");
    assertThat(polled.get("timeline").get(1).get("detail").asText())
        .startsWith("twilio: accepted (");
    assertThat(polled.get("timeline").get(2).get("detail").asText()).isEqualTo("delivered");
    assertThat(polled.get("timeline").get(1).get("at").asText())
        .isEqualTo(polled.get("attempts").get(0).get("at").asText());
    JsonNode full = api().get("/v1/messages/" + id + "?include=timeline", key).json();
    assertThat(full.get("timeline").findValuesAsText("event")).contains("route", "receipt");
    assertThat(full.get("attempts")).isEqualTo(polled.get("attempts"));
    assertProblem(api().get("/v1/messages/" + id + "?include=everything", key), 400);
    assertThat(api().get("/v1/messages/" + id + "?include=everything", key).body())
        .contains("include");
  }

  @Autowired MessageStore store;
  @Autowired SendOutbox outbox;
  @Autowired Clock clock;

  @Test
  void givenAnAcceptedSendWhoseStartWasLost_theOutboxSweepShouldStartIt() {
    // As if the process stopped right after the accepting transaction committed.
    UUID id = UUID.randomUUID();
    String to = phone();
    store.insertOrGet(
        new MessageStore.NewMessage(
            id,
            UUID.fromString(tenantId),
            "sms",
            to,
            "",
            "",
            "normal",
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            clock.instant()));
    outbox.add(
        new SendRequest(
            id.toString(), tenantId, Channel.SMS, to, "", "", "recovered", "normal", Map.of(), ""),
        clock.instant(),
        clock.instant());

    JsonNode m = awaitFinal(id.toString());
    assertThat(m.get("status").asText()).isEqualTo("delivered");
    assertThat(outbox.find(id)).isEmpty();
  }

  @Test
  void givenAnEmail_whenSent_itShouldBeDeliveredBySendGridReceipts() {
    String id =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"email\",\"to\":\"ada@example.com\",\"subject\":\"Hi\",\"body\":\"hello\"}")
            .json()
            .get("id")
            .asText();
    JsonNode m = awaitFinal(id);
    assertThat(m.get("status").asText()).isEqualTo("delivered");
    assertThat(m.get("provider").asText()).isEqualTo("sendgrid");
  }

  @Test
  void givenTheSameIdempotencyKeyAndBody_itShouldAnswerTheSameMessage_andADifferentBody422() {
    String idem = UUID.randomUUID().toString();
    String body = "{\"channel\":\"sms\",\"to\":\"" + phone() + "\",\"body\":\"once\"}";
    Response first =
        api().sendWithHeader("POST", "/v1/messages", key, "Idempotency-Key", idem, body);
    Response second =
        api().sendWithHeader("POST", "/v1/messages", key, "Idempotency-Key", idem, body);
    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(202);
    assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());

    Response other =
        api()
            .sendWithHeader(
                "POST",
                "/v1/messages",
                key,
                "Idempotency-Key",
                idem,
                body.replace("once", "twice"));
    assertProblem(other, 422);
    assertThat(other.json().get("detail").asText()).contains(idem);
  }

  @Test
  void givenConcurrentDuplicates_exactlyOneMessageShouldBeSent() throws Exception {
    String idem = UUID.randomUUID().toString();
    String to = phone();
    String body = "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"race\"}";
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Response>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Callable<Response> call =
          () -> api().sendWithHeader("POST", "/v1/messages", key, "Idempotency-Key", idem, body);
      answers.add(pool.submit(call));
    }
    Set<String> ids = new HashSet<>();
    for (Future<Response> f : answers) {
      Response r = f.get();
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      ids.add(r.json().get("id").asText());
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    String id = ids.iterator().next();
    awaitFinal(id);
    JsonNode received = api().get("/sim/twilio/messages", null).json();
    long copies = 0;
    for (JsonNode m : received) {
      if (m.get("to").asText().equals(to)) {
        copies++;
      }
    }
    assertThat(copies).isEqualTo(1);
  }

  @Test
  void givenBadInput_itShouldNameTheField() {
    Response channel =
        api().post("/v1/messages", key, "{\"channel\":\"fax\",\"to\":\"x\",\"body\":\"b\"}");
    assertProblem(channel, 400);
    assertThat(channel.json().get("errors").get(0).get("field").asText()).isEqualTo("channel");

    Response phone =
        api().post("/v1/messages", key, "{\"channel\":\"sms\",\"to\":\"12345\",\"body\":\"b\"}");
    assertProblem(phone, 400);
    assertThat(phone.json().get("detail").asText()).contains("'to'").contains("E.164");

    Response noBody =
        api().post("/v1/messages", key, "{\"channel\":\"sms\",\"to\":\"" + phone() + "\"}");
    assertProblem(noBody, 400);
    assertThat(noBody.json().get("errors").get(0).get("field").asText()).isEqualTo("body");

    Response admin =
        api()
            .post(
                "/v1/messages",
                ADMIN_KEY,
                "{\"channel\":\"sms\",\"to\":\"" + phone() + "\",\"body\":\"b\"}");
    assertProblem(admin, 403);
  }

  @Test
  void givenATemplate_whenSentWithVariables_theProviderShouldGetTheRenderedText() {
    Response template =
        api()
            .post(
                "/v1/templates",
                key,
                "{\"name\":\"otp\",\"channel\":\"sms\",\"body\":\"Your code is {{code}}, {{name}}\"}");
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    String templateId = template.json().get("id").asText();
    String to = phone();

    Response missing =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\""
                    + to
                    + "\",\"templateId\":\""
                    + templateId
                    + "\",\"variables\":{\"code\":\"1234\"}}");
    assertProblem(missing, 400);
    assertThat(missing.json().get("errors").get(0).get("field").asText())
        .isEqualTo("variables.name");

    String id =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\""
                    + to
                    + "\",\"templateId\":\""
                    + templateId
                    + "\",\"variables\":{\"code\":\"1234\",\"name\":\"Ada\"}}")
            .json()
            .get("id")
            .asText();
    awaitFinal(id);
    assertThat(api().get("/sim/twilio/messages", null).body()).contains("Your code is 1234, Ada");
  }

  @Test
  void givenASuppressedRecipient_itShouldEndSuppressedAndReachNoProvider() {
    String to = phone();
    assertThat(
            api()
                .post(
                    "/v1/suppressions",
                    key,
                    "{\"channel\":\"sms\",\"address\":\"" + to + "\",\"detail\":\"asked to stop\"}")
                .status())
        .isEqualTo(201);
    String id =
        api()
            .post("/v1/messages", key, "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"b\"}")
            .json()
            .get("id")
            .asText();
    JsonNode m = awaitFinal(id);
    assertThat(m.get("status").asText()).isEqualTo("suppressed");
    assertThat(api().get("/sim/twilio/messages", null).body()).doesNotContain(to);
  }

  @Test
  void givenAnotherTenantsMessage_itShouldNotBeFound() {
    String id =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"" + phone() + "\",\"body\":\"b\"}")
            .json()
            .get("id")
            .asText();
    String otherKey = createTenant(uniqueName("other")).get("apiKey").asText();
    assertProblem(api().get("/v1/messages/" + id, otherKey), 404);
  }

  @Test
  void givenSeveralMessages_theListShouldPageWithACursorAndFilter() {
    for (int i = 0; i < 3; i++) {
      api()
          .post(
              "/v1/messages",
              key,
              "{\"channel\":\"sms\",\"to\":\"" + phone() + "\",\"body\":\"b\"}");
    }
    JsonNode first = api().get("/v1/messages?limit=2", key).json();
    assertThat(first.get("items")).hasSize(2);
    String cursor = first.get("nextCursor").asText();
    JsonNode second = api().get("/v1/messages?limit=2&cursor=" + cursor, key).json();
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.path("nextCursor").isMissingNode()).as("no page after the last").isTrue();
    assertThat(api().get("/v1/messages?channel=email", key).json().get("items")).isEmpty();
    assertProblem(api().get("/v1/messages?status=lost", key), 400);
  }

  @Test
  void givenABatch_everyRecipientShouldGetOneMessage() {
    StringBuilder recipients = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      recipients.append(i == 0 ? "" : ",").append("{\"to\":\"").append(phone()).append("\"}");
    }
    Response accepted =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"body\":\"bulk\",\"recipients\":[" + recipients + "]}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String batchId = accepted.json().get("batchId").asText();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              JsonNode b = api().get("/v1/messages/batch/" + batchId, key).json();
              assertThat(b.get("started").asInt()).isEqualTo(7);
              assertThat(b.get("statuses").path("delivered").asInt()).isEqualTo(7);
            });

    Response badRecipient =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"body\":\"bulk\",\"recipients\":[{\"to\":\"+14155550100\"},{\"to\":\"nope\"}]}");
    assertProblem(badRecipient, 400);
    assertThat(badRecipient.json().get("errors").get(0).get("field").asText())
        .isEqualTo("recipients[1].to");
  }
}
