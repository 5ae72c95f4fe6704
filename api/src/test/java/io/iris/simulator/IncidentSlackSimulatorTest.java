package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.incident.slack.SlackIncidentActivitiesImpl;
import io.iris.api.incident.slack.RecordingIncidentActions;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.slack.SlackConnection;
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
 * The one simulated Slack speaks the Web API the incident activities use (driven here through the
 * real activities and slack-api-client, over the one Slack connection the slack channel uses too),
 * lists incident messages with the channel's sends, and its clicks reach the interactivity webhook
 * signed as Slack signs them.
 */
@Import(RecordingIncidentActions.Configuration.class)
class IncidentSlackSimulatorTest extends ApiTestBase {

  @Autowired SlackIncidentActivitiesImpl slack;
  @Autowired SlackIncidentSettings settings;
  @Autowired SlackConnection connection;
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
    for (JsonNode m : api().get("/sim/slack/messages", null).json()) {
      if (m.get("ts").asText().equals(ts)) {
        return m;
      }
    }
    throw new AssertionError("no simulated Slack message " + ts);
  }

  private ApiClient.Response click(String ts, String actionId) {
    return api()
        .post(
            "/sim/slack/click",
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
    // A reply is in its thread, not a message of the channel: recorded (every call is), with the
    // parent's ts as its thread.
    String replyTs = updated.get("replies").get(0).get("ts").asText();
    for (JsonNode m : api().get("/sim/slack/messages", null).json()) {
      String ts = m.get("ts").asText();
      if (ts.equals(replyTs)) {
        assertThat(m.get("threadTs").asText()).isEqualTo(ref.ts());
        assertThat(m.get("replies")).isEmpty();
      } else if (!ts.equals(ref.ts())) {
        assertThat(m.get("replies").findValuesAsText("ts")).doesNotContain(replyTs);
      }
    }
    assertThat(message(replyTs).get("threadTs").asText()).isEqualTo(ref.ts());
  }

  @Test
  void givenAnIncidentMessageAndAChannelSend_theyShouldBeInOneListInTheProvidersShape() {
    String id = UUID.randomUUID().toString();
    SlackMessageRef ref = slack.postIncident(incident(id, IncidentStatus.OPEN, null));
    String channel = "C" + Long.toHexString(System.nanoTime()).toUpperCase();
    ApiClient.Response sent =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack/api/chat.postMessage",
                null,
                "Authorization",
                "Bearer " + connection.botToken(),
                "{\"channel\":\"" + channel + "\",\"text\":\"deploy " + id + "\"}");
    assertThat(sent.json().get("ok").asBoolean()).as(sent.body()).isTrue();

    JsonNode incidentMessage = message(ref.ts());
    // The generic /sim/{provider}/messages fields: the ts is the id, the channel the recipient.
    assertThat(incidentMessage.get("id").asText()).isEqualTo(ref.ts());
    assertThat(incidentMessage.get("to").asText()).isEqualTo("C0INCIDENTS");
    assertThat(incidentMessage.get("body").asText()).contains("disk full on db-1");
    assertThat(incidentMessage.get("status").asText()).isEqualTo("delivered");
    // Without an idempotency key (Slack has none), attempts are the posts of the same text to the
    // same channel: the earlier tests' incidents share this one's title.
    long sameText = 0;
    for (JsonNode m : api().get("/sim/slack/messages", null).json()) {
      if (m.get("to").asText().equals("C0INCIDENTS")
          && m.get("body").asText().equals(incidentMessage.get("body").asText())) {
        sameText++;
      }
    }
    assertThat(incidentMessage.get("attempts").asInt()).isEqualTo((int) sameText).isPositive();
    assertThat(incidentMessage.get("threadTs").asText()).isEmpty();

    JsonNode channelSend = message(sent.json().get("ts").asText());
    assertThat(channelSend.get("id").asText()).isEqualTo(sent.json().get("ts").asText());
    assertThat(channelSend.get("to").asText()).isEqualTo(channel);
    assertThat(channelSend.get("body").asText()).isEqualTo("deploy " + id);
    assertThat(channelSend.get("buttons")).isEmpty();

    // The old, second simulator's routes are gone.
    assertThat(api().get("/sim/slack-incidents/messages", null).status()).isEqualTo(404);
  }

  @Test
  void givenSlackFailing_whenTheIncidentActivitiesCall_theyShouldGet503Or429WithRetryAfter() {
    String id = UUID.randomUUID().toString();
    SlackMessageRef ref = slack.postIncident(incident(id, IncidentStatus.OPEN, null));
    api().send("PUT", "/sim/slack/behavior", null, "application/json", "{\"failureRate\":1}");
    try {
      boolean rateLimited = false;
      for (int i = 0; i < 20; i++) {
        for (String method : new String[] {"chat.update", "chat.postMessage"}) {
          ApiClient.Response r =
              api()
                  .sendWithHeader(
                      "POST",
                      "/sim/slack/api/" + method,
                      null,
                      "Authorization",
                      "Bearer " + connection.botToken(),
                      "{\"channel\":\"C0INCIDENTS\",\"ts\":\"" + ref.ts() + "\",\"text\":\"x\"}");
          assertThat(r.status()).as(method).isIn(429, 503);
          if (r.status() == 429) {
            rateLimited = true;
            assertThat(r.header("Retry-After")).contains("1");
            assertThat(r.json().get("error").asText()).isEqualTo("ratelimited");
          }
        }
      }
      assertThat(rateLimited).as("some of 40 failures are rate limiting").isTrue();
      assertThat(message(ref.ts()).get("updates").asInt()).isZero();
    } finally {
      api().send("PUT", "/sim/slack/behavior", null, "application/json", "{}");
    }
  }

  @Test
  void givenWrongCredentialsOrUnknownMessages_itShouldAnswerAsSlack() {
    String form = "channel=C0INCIDENTS&text=hello";
    ApiClient.Response wrongToken =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack/api/chat.postMessage",
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
                "/sim/slack/api/chat.postMessage",
                null,
                "application/x-www-form-urlencoded",
                form);
    assertThat(noToken.json().get("error").asText()).isEqualTo("not_authed");

    ApiClient.Response posted =
        api()
            .send(
                "POST",
                "/sim/slack/api/chat.postMessage",
                null,
                "application/x-www-form-urlencoded",
                form + "&token=" + connection.botToken());
    assertThat(posted.json().get("ok").asBoolean()).as(posted.body()).isTrue();
    assertThat(posted.json().get("channel").asText()).isEqualTo("C0INCIDENTS");
    assertThat(posted.json().get("message").get("ts").asText())
        .isEqualTo(posted.json().get("ts").asText());

    ApiClient.Response unknownUpdate =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack/api/chat.update",
                null,
                "Authorization",
                "Bearer " + connection.botToken(),
                "{\"channel\":\"C0INCIDENTS\",\"ts\":\"1.000001\",\"text\":\"x\"}");
    assertThat(unknownUpdate.json().get("error").asText()).isEqualTo("message_not_found");

    ApiClient.Response unknownThread =
        api()
            .sendWithHeader(
                "POST",
                "/sim/slack/api/chat.postMessage",
                null,
                "Authorization",
                "Bearer " + connection.botToken(),
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
    assertProblem(api().post("/sim/slack/click", null, "{\"ts\":\"1.1\"}"), 400);
    assertThat(actions.forIncident(id)).isEmpty();
  }
}
