package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.incident.pagerduty.PagerDutyActivitiesImpl;
import io.iris.api.incident.slack.RecordingIncidentActions;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.pagerduty.PagerDutySettings;
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The simulated PagerDuty speaks Events API v2 (driven through the real activities and
 * pagerduty-client), and a responder acting there reaches {@code /webhooks/pagerduty} signed.
 */
@Import(RecordingIncidentActions.Configuration.class)
class PagerDutySimulatorTest extends ApiTestBase {

  @Autowired PagerDutyActivitiesImpl pagerDuty;
  @Autowired PagerDutySettings settings;
  @Autowired RecordingIncidentActions actions;

  private static IncidentSnapshot incident(String id) {
    return new IncidentSnapshot(
        id,
        "queue lag",
        Severity.CRITICAL,
        IncidentStatus.OPEN,
        "billing",
        null,
        0,
        null,
        null,
        null,
        "incident-" + id,
        System.currentTimeMillis());
  }

  private List<String> eventActions(String dedupKey) {
    return api()
        .get("/sim/pagerduty/events?dedupKey=" + dedupKey, null)
        .json()
        .findValuesAsText("eventAction");
  }

  private String state(String dedupKey) {
    for (JsonNode i : api().get("/sim/pagerduty/incidents", null).json()) {
      if (i.get("dedupKey").asText().equals(dedupKey)) {
        return i.get("status").asText();
      }
    }
    return null;
  }

  private ApiClient.Response enqueue(String json) {
    return api().post("/sim/pagerduty/v2/enqueue", null, json);
  }

  private static List<String> errors(ApiClient.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("status").asText()).isEqualTo("invalid event");
    assertThat(r.json().get("message").asText()).isNotBlank();
    return StreamSupport.stream(r.json().get("errors").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  @Test
  void givenTheIncidentActivities_itShouldRecordEventsAndFollowTheIncident() {
    String id = UUID.randomUUID().toString();
    pagerDuty.trigger(incident(id));
    assertThat(eventActions(id)).containsExactly("trigger");
    JsonNode trigger = api().get("/sim/pagerduty/events?dedupKey=" + id, null).json().get(0);
    assertThat(trigger.get("summary").asText()).isEqualTo("queue lag");
    assertThat(trigger.get("severity").asText()).isEqualTo("critical");
    assertThat(trigger.get("event").get("payload").get("source").asText()).isNotBlank();
    assertThat(trigger.get("event").get("routing_key").asText()).isEqualTo("****");
    assertThat(state(id)).isEqualTo("triggered");

    pagerDuty.acknowledge(incident(id));
    assertThat(state(id)).isEqualTo("acknowledged");
    pagerDuty.resolve(incident(id));
    assertThat(state(id)).isEqualTo("resolved");
    assertThat(eventActions(id)).containsExactly("trigger", "acknowledge", "resolve");
  }

  @Test
  void givenInvalidEvents_itShouldAnswerInvalidEventWithTheErrors() {
    String key = settings.routingKey();
    assertThat(key).hasSize(32);

    ApiClient.Response accepted =
        enqueue(
            "{\"routing_key\":\""
                + key
                + "\",\"event_action\":\"trigger\",\"dedup_key\":\"d-"
                + UUID.randomUUID()
                + "\",\"payload\":{\"summary\":\"s\",\"source\":\"iris\",\"severity\":\"info\"}}");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(accepted.json().get("status").asText()).isEqualTo("success");
    assertThat(accepted.json().get("message").asText()).isEqualTo("Event processed");
    assertThat(accepted.json().get("dedup_key").asText()).startsWith("d-");

    assertThat(errors(enqueue("{\"event_action\":\"resolve\",\"dedup_key\":\"x\"}")))
        .anyMatch(e -> e.contains("routing_key"));
    assertThat(
            errors(
                enqueue(
                    "{\"routing_key\":\"0000000000000000000000000000000x\","
                        + "\"event_action\":\"resolve\",\"dedup_key\":\"x\"}")))
        .anyMatch(e -> e.contains("routing_key"));
    assertThat(
            errors(
                enqueue(
                    "{\"routing_key\":\""
                        + key
                        + "\",\"event_action\":\"page\",\"dedup_key\":\"x\"}")))
        .anyMatch(e -> e.contains("event_action"));
    assertThat(
            errors(enqueue("{\"routing_key\":\"" + key + "\",\"event_action\":\"acknowledge\"}")))
        .anyMatch(e -> e.contains("dedup_key"));
    assertThat(
            errors(
                enqueue(
                    "{\"routing_key\":\""
                        + key
                        + "\",\"event_action\":\"trigger\",\"dedup_key\":\"x\","
                        + "\"payload\":{\"severity\":\"sev1\"}}")))
        .anyMatch(e -> e.contains("payload.summary"))
        .anyMatch(e -> e.contains("payload.source"))
        .anyMatch(e -> e.contains("payload.severity"));
    assertThat(errors(enqueue("not json"))).isNotEmpty();
  }

  @Test
  void givenAFailureRate_enqueueShouldFailAndTheActivityRetry() {
    ApiClient.Response set =
        api()
            .sendWithHeader(
                "PUT", "/sim/pagerduty/behavior", null, "X-Test", "1", "{\"failureRate\":1}");
    try {
      assertThat(set.status()).as(set.body()).isEqualTo(200);
      ApiClient.Response failed =
          enqueue("{\"routing_key\":\"" + settings.routingKey() + "\",\"event_action\":\"x\"}");
      assertThat(failed.status()).isIn(429, 500);
      String id = UUID.randomUUID().toString();
      assertThatThrownBy(() -> pagerDuty.trigger(incident(id)))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo("PAGERDUTY_UNAVAILABLE");
                assertThat(f.isNonRetryable()).isFalse();
              });
      assertThat(eventActions(id)).isEmpty();
    } finally {
      api()
          .sendWithHeader(
              "PUT", "/sim/pagerduty/behavior", null, "X-Test", "1", "{\"failureRate\":0}");
    }
    assertProblem(
        api()
            .sendWithHeader(
                "PUT", "/sim/pagerduty/behavior", null, "X-Test", "1", "{\"failureRate\":2}"),
        400);
    assertThat(api().get("/sim/pagerduty/behavior", null).json().get("failureRate").asDouble())
        .isZero();
  }

  @Test
  void givenAResponderActingInPagerDuty_theSignedWebhookShouldBecomeAnAction() {
    String id = UUID.randomUUID().toString();
    pagerDuty.trigger(incident(id));

    ApiClient.Response acked =
        api()
            .post(
                "/sim/pagerduty/incidents/" + id + "/acknowledge",
                null,
                "{\"agent\":\"Ada Lovelace\"}");

    // The webhook checks X-PagerDuty-Signature first: 202 means it verified.
    assertThat(acked.status()).as(acked.body()).isEqualTo(202);
    assertThat(acked.json().get("webhookStatus").asInt()).isEqualTo(202);
    assertThat(acked.json().get("webhookId").asText()).isNotBlank();
    JsonNode event = acked.json().get("event").get("event");
    assertThat(event.get("event_type").asText()).isEqualTo("incident.acknowledged");
    assertThat(event.get("data").get("incident_key").asText()).isEqualTo(id);
    assertThat(actions.forIncident(id))
        .containsExactly(
            new RecordingIncidentActions.Action("acknowledge", id, "Ada Lovelace", "pagerduty"));
    assertThat(state(id)).isEqualTo("acknowledged");

    assertThat(api().post("/sim/pagerduty/incidents/" + id + "/resolve", null, "{}").status())
        .isEqualTo(202);
    assertThat(actions.forIncident(id)).hasSize(2);
    assertThat(actions.forIncident(id).get(1).name()).isEqualTo("resolve");
    assertThat(state(id)).isEqualTo("resolved");

    assertProblem(api().post("/sim/pagerduty/incidents/" + id + "/acknowledge", null, "{}"), 409);
    assertProblem(
        api().post("/sim/pagerduty/incidents/" + UUID.randomUUID() + "/acknowledge", null, "{}"),
        404);
  }
}
