package io.iris.api.send;

import static io.iris.schema.jooq.Tables.MESSAGES;
import static io.iris.schema.jooq.Tables.MESSAGE_BATCHES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.send.SendOutbox;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.ScriptedSendWorkflows;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sends that cannot start: refused at the door when their workflow input would be too large, ended
 * {@code failed} with the reason when Temporal refuses them for good, and cancelled while they wait
 * for their workflow — REST, the real PostgreSQL and Temporal's in-process server, with the start
 * failed or held at the {@link SendWorkflows} seam.
 */
class SendOutboxApiTest extends ApiTestBase {

  static final List<String> SMS_PROVIDERS = List.of("twilio", "telnyx", "plivo");

  @Autowired ScriptedSendWorkflows temporal;
  @Autowired SendOutbox outbox;
  @Autowired DSLContext db;

  String key;
  String tenantId;
  String to;

  @BeforeEach
  void tenant() {
    JsonNode t = createTenant(uniqueName("outbox"));
    key = t.get("apiKey").asText();
    tenantId = t.get("id").asText();
    to = MessageApiTest.phone();
    behave(0);
  }

  @AfterEach
  void reset() {
    temporal.clear(to);
    behave(0);
  }

  void behave(double failureRate) {
    for (String provider : SMS_PROVIDERS) {
      Response r =
          api()
              .send(
                  "PUT",
                  "/sim/" + provider + "/behavior",
                  null,
                  "application/json",
                  "{\"failureRate\":"
                      + failureRate
                      + ",\"latencyMs\":0,\"receipt\":\"delivered\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
  }

  String template(String channel, int placeholders) {
    Response t =
        api()
            .post(
                "/v1/templates",
                key,
                "{\"name\":\""
                    + uniqueName("big")
                    + "\",\"channel\":\""
                    + channel
                    + "\",\"body\":\""
                    + "{{v}}".repeat(placeholders)
                    + "\"}");
    assertThat(t.status()).as(t.body()).isEqualTo(201);
    return t.json().get("id").asText();
  }

  String send() {
    Response accepted =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"hello\"}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return accepted.json().get("id").asText();
  }

  JsonNode message(String id) {
    return api().get("/v1/messages/" + id, key).json();
  }

  /** The message with its timeline from the workflow history. */
  JsonNode history(String id) {
    return api().get("/v1/messages/" + id + "?include=timeline", key).json();
  }

  @Test
  void givenATemplateThatRendersPastTheStartPayloadLimit_whenSent_itShouldBe413AndWriteNothing() {
    // 100 placeholders of 1,000 control characters: 100 KB once rendered (within email's body
    // limit), from a 500-byte template and a small variable; but each \u0001 is six bytes in the
    // workflow input's JSON, 600 KB, above the 512 KB limit.
    String templateId = template("email", 100);
    String to = "big-" + UUID.randomUUID() + "@example.com";

    Response r =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"email\",\"to\":\""
                    + to
                    + "\",\"templateId\":\""
                    + templateId
                    + "\",\"variables\":{\"v\":\""
                    + "\\u0001".repeat(1_000)
                    + "\"}}");

    assertProblem(r, 413);
    assertThat(r.json().get("type").asText()).endsWith("/message-too-large");
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("variables");
    assertThat(r.json().get("limitBytes").asInt()).isEqualTo(512 * 1024);
    assertThat(r.json().get("sizeBytes").asInt()).isGreaterThan(600_000);
    assertThat(db.fetchCount(MESSAGES, MESSAGES.RECIPIENT.eq(to))).isZero();
    assertThat(temporal.startAttempts(to)).isZero();
  }

  @Test
  void givenABatchWhosePageOfSendsIsPastTheLimit_whenSent_itShouldBe413AndWriteNothing() {
    // Three emails of 200 KB each fit one by one (and within email's body limit); the batch
    // workflow reads them as one page of three (iris.send.bulk-page-size in the test profile),
    // 600 KB.
    String templateId = template("email", 200);
    List<String> recipients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      recipients.add(
          "{\"to\":\""
              + "page-"
              + UUID.randomUUID()
              + "@example.com"
              + "\",\"variables\":{\"v\":\""
              + "x".repeat(1_000)
              + "\"}}");
    }

    Response r =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"email\",\"templateId\":\""
                    + templateId
                    + "\",\"recipients\":["
                    + String.join(",", recipients)
                    + "]}");

    assertProblem(r, 413);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("recipients[0..2]");
    assertThat(
            db.fetchCount(MESSAGE_BATCHES, MESSAGE_BATCHES.TENANT_ID.eq(UUID.fromString(tenantId))))
        .isZero();
  }

  @Test
  void givenAStartTemporalRefusesForGood_whenAccepted_theMessageShouldEndFailedWithTheReason() {
    temporal.script(
        to,
        request -> {
          throw refused(request);
        });

    String id = send();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> message(id).get("status").asText().equals("failed"));
    JsonNode m = message(id);
    assertThat(m.get("errorCode").asText()).isEqualTo("start_refused");
    assertThat(m.get("error").asText()).contains("INVALID_ARGUMENT").contains("Blob data size");
    assertThat(m.get("completedAt").isNull()).isFalse();
    assertThat(m.get("timeline").findValuesAsText("event"))
        .containsExactly("accepted", "start.failed", "completed");
    assertThat(m.get("timeline").get(2).get("detail").asText()).startsWith("failed: ");
    assertThat(outbox.find(UUID.fromString(id))).isEmpty();
    // Refused for good: not tried again by the sweep (every second in the test profile).
    int attempts = temporal.startAttempts(to);
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(temporal.startAttempts(to)).isEqualTo(attempts);
  }

  @Test
  void givenASendStillWaitingToStart_whenCancelled_itShouldEndCancelledAndNeverStart() {
    temporal.script(
        to,
        request -> {
          throw unavailable(request);
        });
    String id = send();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> message(id).get("timeline").findValuesAsText("event").contains("start.retrying"));
    JsonNode waiting = message(id);
    assertThat(waiting.get("status").asText()).isEqualTo("accepted");
    assertThat(waiting.get("timeline").toString()).contains("UNAVAILABLE");

    Response cancel =
        api().post("/v1/messages/" + id + "/cancel", key, "{\"reason\":\"wrong number\"}");

    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
    JsonNode m = message(id);
    assertThat(m.get("status").asText()).isEqualTo("cancelled");
    assertThat(m.get("errorCode").asText()).isEqualTo("cancelled");
    assertThat(m.get("error").asText()).isEqualTo("wrong number");
    assertThat(m.get("timeline").findValuesAsText("event"))
        .containsExactly("accepted", "completed");
    assertThat(m.get("timeline").get(1).get("detail").asText())
        .isEqualTo("cancelled: wrong number");
    assertThat(outbox.find(UUID.fromString(id))).isEmpty();
    // Temporal is back: still nothing starts it.
    temporal.clear(to);
    int attempts = temporal.startAttempts(to);
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(temporal.startAttempts(to)).isEqualTo(attempts);
    assertThat(message(id).get("status").asText()).isEqualTo("cancelled");
    assertProblem(api().post("/v1/messages/" + id + "/cancel", key, "{}"), 409);
  }

  @Test
  void givenACancelWhileTheStartIsInFlight_whenTheStartLands_theWorkflowShouldBeCancelledToo()
      throws Exception {
    // Providers fail (and are retried), so the workflow cannot hand the message over in the
    // moment between its start and the cancel signal that follows it.
    behave(1.0);
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch land = new CountDownLatch(1);
    temporal.script(
        to,
        request -> {
          inFlight.countDown();
          try {
            land.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    String id = send();
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

    Response cancel =
        api().post("/v1/messages/" + id + "/cancel", key, "{\"reason\":\"changed my mind\"}");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
    assertThat(message(id).get("status").asText()).isEqualTo("cancelled");
    land.countDown();

    // The start lands after the cancel: the starter finds the row gone and the message
    // cancelled, and signals the workflow it just made (which stops before a provider takes the
    // message; here every provider fails, so none can).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> history(id).get("timeline").findValuesAsText("event").contains("signal.cancel"));
    JsonNode m = history(id);
    assertThat(m.get("status").asText()).isEqualTo("cancelled");
    assertThat(m.get("timeline").findValuesAsText("event")).contains("accepted", "signal.cancel");
    assertThat(m.get("timeline").toString()).contains("changed my mind");
    assertThat(m.get("attempts").findValuesAsText("outcome")).doesNotContain("accepted");
  }

  static RuntimeException refused(SendRequest r) {
    return new WorkflowServiceException(
        execution(r),
        "MessageSendWorkflow",
        new StatusRuntimeException(
            Status.INVALID_ARGUMENT.withDescription("Blob data size exceeds limit.")));
  }

  static RuntimeException unavailable(SendRequest r) {
    return new WorkflowServiceException(
        execution(r),
        "MessageSendWorkflow",
        new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception")));
  }

  static WorkflowExecution execution(SendRequest r) {
    return WorkflowExecution.newBuilder().setWorkflowId("message-" + r.messageId()).build();
  }
}
