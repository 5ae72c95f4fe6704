package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.incident.slack.SlackIncidentActivitiesImpl;
import io.iris.api.incident.slack.RecordingIncidentActions;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.incident.SlackMessageRef;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The simulated Slack for incidents speaks the Web API the incident activities use (driven here
 * through the real activities and slack-api-client), and its clicks reach the interactivity webhook
 * signed as Slack signs them.
 */
@Import(RecordingIncidentActions.Configuration.class)
class IncidentSlackSimulatorTest extends ApiTestBase {

  @Autowired SlackIncidentActivitiesImpl slack;
  @Autowired SlackIncidentSettings settings;
  @Autowired RecordingIncidentActions actions;

  private static IncidentSnapshot incident(String id, IncidentStatus status, String ackedBy) {
    return new IncidentSnapshot(
        id,
        "disk full on db-1",
        Severity.HIGH,
        status,
        "postgres",
        "the data volume is at 97%",
        0,
        ackedBy,
        null,
        null,
        "incident-" + id,
        System.currentTimeMillis());
  }

  private JsonNode message(String ts) {
    for (JsonNode m : api().get("/sim/slack-incidents/messages", null).json()) {
      if (m.get("ts").asText().equals(ts)) {
        return m;
      }
    }
    throw new AssertionError("no simulated Slack message " + ts);
  }

  private ApiClient.Response click(String ts, String actionId) {
    return api()
        .post(
            "/sim/slack-incidents/click",
            null,
            "{\"ts\":\""
                + ts
                + "\",\"actionId\":\""
                + actionId
                + "\",\"userId\":\"U123\",\"userName\":\"ada\"}");
  }

  @Test
  void givenTheIncidentActivities_itShouldRecordPostsUpdatesAndThreadReplies() {
    String id = UUID.randomUUID().toString();
    SlackMessageRef ref = slack.postIncident(incident(id, IncidentStatus.OPEN, null));
    assertThat(ref.channel()).isEqualTo(settings.channel()).isEqualTo("C0INCIDENTS");
    assertThat(ref.ts()).matches("\\d+\\.\\d{6}");

    JsonNode posted = message(ref.ts());
    assertThat(posted.get("text").asText()).contains("disk full on db-1");
    assertThat(posted.get("lines").toString()).contains("disk full on db-1").contains(id);
    assertThat(posted.get("buttons").findValuesAsText("actionId"))
        .containsExactly("incident_acknowledge", "incident_resolve", "incident_escalate");
    assertThat(posted.get("buttons").findValuesAsText("value")).containsOnly(id);
    assertThat(posted.get("updates").asInt()).isZero();

    slack.updateIncident(ref, incident(id, IncidentStatus.ACKNOWLEDGED, "U123 (ada)"));
    slack.postToThread(ref, "Acknowledged by <@U123>");

    JsonNode updated = message(ref.ts());
    assertThat(updated.get("updates").asInt()).isEqualTo(1);
    assertThat(updated.get("text").asText()).contains("acknowledged");
    assertThat(updated.get("buttons").findValuesAsText("actionId"))
        .containsExactly("incident_resolve", "incident_escalate");
    assertThat(updated.get("replies")).hasSize(1);
    assertThat(updated.get("replies").get(0).get("text").asText())
        .isEqualTo("Acknowledged by <@U123>");
    // A reply is in its thread, not a message of its own.
    String replyTs = updated.get("replies").get(0).get("ts").asText();
    for (JsonNode m : api().get("/sim/slack-incidents/messages", null).json()) {
      assertThat(m.get("ts").asText()).isNotEqualTo(replyTs);
    }
  }

  @Test
  void givenWrongCredentialsOrUnknownMessages_itShouldAnswerAsSlack() {
    String form = "channel=C0INCIDENTS&text=hello";
    ApiClient.Response wrongToken =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack-incidents/api/chat.postMessage",
                null,
                "Authorization",
                "Bearer xoxb-wrong",
                "{\"channel\":\"C0INCIDENTS\",\"text\":\"hello\"}");
    assertThat(wrongToken.status()).isEqualTo(200);
    assertThat(wrongToken.json().get("ok").asBoolean()).isFalse();
    assertThat(wrongToken.json().get("error").asText()).isEqualTo("invalid_auth");

    ApiClient.Response noToken =
        api()
            .send(
                "POST",
                "/sim/slack-incidents/api/chat.postMessage",
                null,
                "application/x-www-form-urlencoded",
                form);
    assertThat(noToken.json().get("error").asText()).isEqualTo("not_authed");

    ApiClient.Response posted =
        api()
            .send(
                "POST",
                "/sim/slack-incidents/api/chat.postMessage",
                null,
                "application/x-www-form-urlencoded",
                form + "&token=" + settings.botToken());
    assertThat(posted.json().get("ok").asBoolean()).as(posted.body()).isTrue();
    assertThat(posted.json().get("channel").asText()).isEqualTo("C0INCIDENTS");
    assertThat(posted.json().get("message").get("ts").asText())
        .isEqualTo(posted.json().get("ts").asText());

    ApiClient.Response unknownUpdate =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack-incidents/api/chat.update",
                null,
                "Authorization",
                "Bearer " + settings.botToken(),
                "{\"channel\":\"C0INCIDENTS\",\"ts\":\"1.000001\",\"text\":\"x\"}");
    assertThat(unknownUpdate.json().get("error").asText()).isEqualTo("message_not_found");

    ApiClient.Response unknownThread =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack-incidents/api/chat.postMessage",
                null,
                "Authorization",
                "Bearer " + settings.botToken(),
                "{\"channel\":\"C0INCIDENTS\",\"thread_ts\":\"1.000001\",\"text\":\"x\"}");
    assertThat(unknownThread.json().get("error").asText()).isEqualTo("thread_not_found");
  }

  @Test
  void givenAClick_itShouldReachTheInteractionsWebhookSignedAndBecomeAnAction() {
    String id = UUID.randomUUID().toString();
    SlackMessageRef ref = slack.postIncident(incident(id, IncidentStatus.OPEN, null));

    ApiClient.Response clicked = click(ref.ts(), "incident_acknowledge");

    // The webhook verifies the signature before anything else: 200 means it was Slack's.
    assertThat(clicked.status()).as(clicked.body()).isEqualTo(200);
    assertThat(clicked.json().get("webhookStatus").asInt()).isEqualTo(200);
    JsonNode payload = clicked.json().get("payload");
    assertThat(payload.get("type").asText()).isEqualTo("block_actions");
    assertThat(payload.get("container").get("message_ts").asText()).isEqualTo(ref.ts());
    assertThat(payload.get("message").get("ts").asText()).isEqualTo(ref.ts());
    assertThat(payload.get("actions").get(0).get("value").asText()).isEqualTo(id);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(actions.forIncident(id))
                    .containsExactly(
                        new RecordingIncidentActions.Action(
                            "acknowledge", id, "U123 (ada)", "slack")));

    assertThat(click(ref.ts(), "incident_resolve").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> actions.forIncident(id).size() == 2);
    assertThat(actions.forIncident(id).get(1).name()).isEqualTo("resolve");
  }

  @Test
  void givenAButtonTheMessageDoesNotHave_theClickShouldBeNotFound() {
    String id = UUID.randomUUID().toString();
    SlackMessageRef ref =
        slack.postIncident(incident(id, IncidentStatus.ACKNOWLEDGED, "U123 (ada)"));

    assertProblem(click(ref.ts(), "incident_acknowledge"), 404);
    assertProblem(click("1.000001", "incident_resolve"), 404);
    assertProblem(api().post("/sim/slack-incidents/click", null, "{\"ts\":\"1.1\"}"), 400);
    assertThat(actions.forIncident(id)).isEmpty();
  }
}
