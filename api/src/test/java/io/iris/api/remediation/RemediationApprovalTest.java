package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.remediation.RemediationStore;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.slack.SlackSignature;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RemediationInput;
import io.iris.workflows.remediation.RemediationPolicy;
import io.iris.workflows.remediation.RemediationStart;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.RemediationWorkflow;
import io.iris.workflows.remediation.Runbook;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.VerifyCondition;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Answers to a real {@code RemediationWorkflow} waiting for approval (the in-process Temporal
 * server and the application's own workers): through {@code POST /v1/remediations/{id}/approve|
 * reject} and through a signed Slack click.
 */
class RemediationApprovalTest extends ApiTestBase {

  /** The signing secret application-test.yml sets. */
  private static final String SECRET = "iris-test-slack-signing-secret-not-real";

  @Autowired WorkflowClient client;
  @Autowired Clock clock;
  @Autowired RemediationStore store;

  String id;
  RemediationWorkflow workflow;

  @BeforeEach
  void aRemediationAwaitingApproval() {
    Response opened =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"approval test\",\"severity\":\"high\",\"dedupKey\":\""
                    + uniqueName("remediation-approval")
                    + "\"}");
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    String incidentId = opened.json().get("id").asText();
    id = RemediationWorkflow.workflowId(incidentId, "approval-test");
    Runbook runbook =
        new Runbook(
            "approval-test",
            "tell the channel",
            new Runbook.Trigger(List.of("provider_outage"), Severity.LOW, List.of()),
            10,
            true,
            List.of(new RunbookStep(RemediationAction.NOTIFY, Map.of(), 0)),
            Duration.ofSeconds(1),
            new VerifyCondition(VerifyCondition.Scope.CHANNEL, 0, true, List.of(), List.of()),
            List.of(),
            "runbooks/approval-test.yaml",
            "");
    AnomalyRef anomaly =
        new AnomalyRef(
            "",
            AnomalyType.PROVIDER_OUTAGE,
            Severity.HIGH,
            "provider_outage:sms:twilio",
            "sms",
            "twilio",
            "",
            "",
            98,
            40,
            -59,
            "percent",
            "",
            clock.millis());
    workflow =
        client.newWorkflowStub(
            RemediationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.INCIDENT)
                .setWorkflowIdReusePolicy(RemediationStart.ID_REUSE)
                .build());
    WorkflowClient.start(
        workflow::run,
        new RemediationInput(
            id,
            incidentId,
            anomaly,
            runbook,
            new RemediationPolicy(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(15)),
            null));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> workflow.state().status() == RemediationStatus.AWAITING_APPROVAL);
  }

  @Test
  void givenARemediationAwaitingApproval_whenApproved_itShouldAnswer202AndGoOn() {
    Response r = api().post("/v1/remediations/" + id + "/approve", ADMIN_KEY, "{\"by\":\"ada\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("id").asText()).isEqualTo(id);
    assertThat(r.json().get("status").asText()).isEqualTo("awaiting_approval");
    RemediationStore.RunRow row = approvedRow();
    assertThat(row.approvalBy()).startsWith("key ").endsWith(": ada");

    Response again =
        api().post("/v1/remediations/" + id + "/approve", ADMIN_KEY, "{\"by\":\"ada\"}");
    assertProblem(again, 409);
  }

  @Test
  void givenARemediationAwaitingApproval_whenRejected_itShouldEndFailed() {
    Response r =
        api()
            .post(
                "/v1/remediations/" + id + "/reject",
                ADMIN_KEY,
                "{\"by\":\"bob\",\"note\":\"not now\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> workflow.state().status() == RemediationStatus.FAILED);
    assertThat(workflow.state().detail()).startsWith("rejected by key ").endsWith("bob: not now");
    assertThat(workflow.state().steps()).as("no step ran").isEmpty();
  }

  @Test
  void givenBadAnswers_whenPosted_theyShouldBe400NamingTheField() {
    Response blank = api().post("/v1/remediations/" + id + "/approve", ADMIN_KEY, "{\"by\":\" \"}");
    assertProblem(blank, 400);
    assertThat(blank.body()).contains("by");
    Response longBy =
        api()
            .post(
                "/v1/remediations/" + id + "/approve",
                ADMIN_KEY,
                "{\"by\":\"" + "a".repeat(201) + "\"}");
    assertProblem(longBy, 400);
    assertThat(longBy.body()).contains("by");
    Response longNote =
        api()
            .post(
                "/v1/remediations/" + id + "/reject",
                ADMIN_KEY,
                "{\"by\":\"ada\",\"note\":\"" + "n".repeat(2001) + "\"}");
    assertProblem(longNote, 400);
    assertThat(longNote.body()).contains("note");
    assertThat(workflow.state().status()).isEqualTo(RemediationStatus.AWAITING_APPROVAL);
  }

  @Test
  void givenAnUnknownOrMalformedId_whenAnswered_itShouldBe404() {
    assertProblem(
        api().post("/v1/remediations/not-an-id/approve", ADMIN_KEY, "{\"by\":\"ada\"}"), 404);
    assertProblem(
        api()
            .post(
                "/v1/remediations/remediation-00000000-0000-4000-8000-000000000000-nothing/approve",
                ADMIN_KEY,
                "{\"by\":\"ada\"}"),
        404);
  }

  /**
   * The run's row once approved. (It goes on at once: in the test profile the kill switch is off,
   * so its step is then skipped and it escalates; the approval stays on the row.)
   */
  private RemediationStore.RunRow approvedRow() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> store.run(id).map(r -> "approved".equals(r.approvalDecision())).orElse(false));
    assertThat(workflow.state().status()).isNotEqualTo(RemediationStatus.AWAITING_APPROVAL);
    return store.run(id).orElseThrow();
  }

  // Slack: the approval message's buttons, signed as Slack signs them.

  private static String click(String actionId, String value) {
    return "{\"type\":\"block_actions\",\"user\":{\"id\":\"U777\",\"username\":\"ada\"},"
        + "\"container\":{\"type\":\"message\",\"message_ts\":\"1772366400.000100\","
        + "\"channel_id\":\"C0INCIDENTS\"},\"channel\":{\"id\":\"C0INCIDENTS\"},"
        + "\"actions\":[{\"type\":\"button\",\"action_id\":\""
        + actionId
        + "\",\"block_id\":\"remediation_actions\",\"value\":\""
        + value
        + "\"}]}";
  }

  @Test
  void givenASignedApproveClick_whenPosted_itShouldReachTheWorkflow() throws Exception {
    String body =
        "payload=" + URLEncoder.encode(click("remediation_approve", id), StandardCharsets.UTF_8);
    String ts = Long.toString(clock.instant().getEpochSecond());

    ApiClient.Response r =
        slackInteraction(
            body, SlackSignature.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)), ts);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(approvedRow().approvalBy()).isEqualTo("U777 (ada)");
  }

  @Test
  void givenABadSignature_whenAnApproveClickIsPosted_itShouldBe401AndChangeNothing()
      throws Exception {
    String body =
        "payload=" + URLEncoder.encode(click("remediation_approve", id), StandardCharsets.UTF_8);
    String ts = Long.toString(clock.instant().getEpochSecond());

    ApiClient.Response r =
        slackInteraction(body, SlackSignature.sign("wrong-secret", ts, body.getBytes()), ts);

    assertProblem(r, 401);
    Thread.sleep(1_000);
    assertThat(workflow.state().status()).isEqualTo(RemediationStatus.AWAITING_APPROVAL);
  }
}
