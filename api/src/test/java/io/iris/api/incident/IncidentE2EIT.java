package io.iris.api.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.RealTemporalTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Incidents end to end on the real Temporal dev server, with the dev-profile fakes of Slack and
 * PagerDuty speaking their real APIs (signatures included).
 */
class IncidentE2EIT extends RealTemporalTestBase {

  JsonNode incident(String id) {
    return api().get("/v1/incidents/" + id, ADMIN_KEY).json();
  }

  JsonNode awaitIncident(String id, java.util.function.Predicate<JsonNode> condition) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> condition.test(incident(id)));
    return incident(id);
  }

  List<String> pagerDutyActions(String dedupKey) {
    List<String> actions = new ArrayList<>();
    for (JsonNode e : api().get("/sim/pagerduty/events?dedupKey=" + dedupKey, null).json()) {
      actions.add(e.path("event_action").asText(e.path("eventAction").asText()));
    }
    return actions;
  }

  JsonNode slackMessageFor(String incidentId) {
    for (JsonNode m : api().get("/sim/slack/messages", null).json()) {
      // The incident's own message, not a reply in its thread.
      if (m.path("threadTs").asText().isEmpty() && m.toString().contains(incidentId)) {
        return m;
      }
    }
    return null;
  }

  @Test
  void givenAnAlertmanagerAlert_itShouldPageTakeASlackClickAndCloseWhenTheAlertResolves() {
    String group = "{}:{alertname=\\\"DiskFull\\\",run=\\\"" + UUID.randomUUID() + "\\\"}";
    Response firing =
        api()
            .sendWithHeader(
                "POST",
                "/v1/alerts/alertmanager",
                null,
                "Authorization",
                "Bearer test-alertmanager-token",
                IncidentApiTest.alertmanager(group, "firing", "fp-e2e"));
    assertThat(firing.status()).as(firing.body()).isEqualTo(200);
    String id = firing.json().get("incidentId").asText();

    // PagerDuty got a trigger whose dedup_key is the incident id; Slack got the message with
    // buttons.
    await().atMost(Duration.ofSeconds(20)).until(() -> pagerDutyActions(id).contains("trigger"));
    await().atMost(Duration.ofSeconds(20)).until(() -> slackMessageFor(id) != null);
    String ts = slackMessageFor(id).get("ts").asText();

    Response click =
        api()
            .post(
                "/sim/slack/click",
                null,
                "{\"ts\":\""
                    + ts
                    + "\",\"actionId\":\"incident_acknowledge\",\"userId\":\"U123\",\"userName\":\"ada\"}");
    assertThat(click.status()).as(click.body()).isEqualTo(200);
    JsonNode acked = awaitIncident(id, i -> i.get("status").asText().equals("acknowledged"));
    assertThat(acked.get("acknowledgedBy").asText()).contains("U123");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> pagerDutyActions(id).contains("acknowledge"));

    Response resolved =
        api()
            .sendWithHeader(
                "POST",
                "/v1/alerts/alertmanager",
                null,
                "Authorization",
                "Bearer test-alertmanager-token",
                IncidentApiTest.alertmanager(group, "resolved", "fp-e2e"));
    assertThat(resolved.status()).isEqualTo(200);
    JsonNode closed = awaitIncident(id, i -> i.get("status").asText().equals("resolved"));
    assertThat(closed.get("resolvedBy").asText()).startsWith("alertmanager");
    await().atMost(Duration.ofSeconds(20)).until(() -> pagerDutyActions(id).contains("resolve"));
    assertThat(pagerDutyActions(id)).containsSubsequence("trigger", "acknowledge", "resolve");
  }

  @Test
  void givenAnAcknowledgeInPagerDuty_theIncidentShouldBeAcknowledgedHere() {
    String id =
        api()
            .post("/v1/incidents", ADMIN_KEY, "{\"title\":\"queue lag\",\"severity\":\"high\"}")
            .json()
            .get("id")
            .asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> pagerDutyActions(id).contains("trigger"));
    Response ack =
        api()
            .post(
                "/sim/pagerduty/incidents/" + id + "/acknowledge",
                null,
                "{\"agent\":\"Ada Lovelace\"}");
    assertThat(ack.status()).as(ack.body()).isBetween(200, 299);
    JsonNode acked = awaitIncident(id, i -> i.get("status").asText().equals("acknowledged"));
    assertThat(acked.get("acknowledgedBy").asText()).contains("pagerduty");
    api().post("/v1/incidents/" + id + "/resolve", ADMIN_KEY, "");
  }

  List<String> listed(String status) {
    return api().get("/v1/incidents?status=" + status, ADMIN_KEY).json().findValuesAsText("id");
  }

  @Test
  void givenAnAcknowledgementInTheFirstSecond_theStoredIncidentShouldSayAcknowledged() {
    String id =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"checkout 5xx\",\"severity\":\"critical\"}")
            .json()
            .get("id")
            .asText();
    // At once: while the workflow is still opening the incident (posting to Slack, paging).
    assertThat(api().post("/v1/incidents/" + id + "/acknowledge", ADMIN_KEY, "").status())
        .isEqualTo(202);

    // PagerDuty hears of the acknowledgement only after the workflow has taken it in full.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> pagerDutyActions(id).contains("acknowledge"));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(incident(id).get("status").asText())
                    .as("the stored status once PagerDuty was told")
                    .isEqualTo("acknowledged"));
    assertThat(incident(id).get("acknowledgedBy").asText()).isNotBlank();
    assertThat(listed("acknowledged")).contains(id);
    assertThat(listed("open")).doesNotContain(id);
    // Acknowledged in time: no escalation (critical escalates after 3 s in the test configuration).
    assertThat(pagerDutyActions(id)).containsExactly("trigger", "acknowledge");
    api().post("/v1/incidents/" + id + "/resolve", ADMIN_KEY, "");
    awaitIncident(id, i -> i.get("status").asText().equals("resolved"));
  }

  @Test
  void givenAnUnacknowledgedCriticalIncident_escalationShouldFireWithinASecondOfItsDueTime() {
    String id =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"payments down\",\"severity\":\"critical\"}")
            .json()
            .get("id")
            .asText();
    JsonNode escalated = awaitIncident(id, i -> i.get("escalationLevel").asInt() >= 1);
    Instant opened = Instant.parse(escalated.get("openedAt").asText());
    Instant at = null;
    for (JsonNode e : escalated.get("timeline")) {
      if (e.get("event").asText().equals("escalated")) {
        at = Instant.parse(e.get("at").asText());
        break;
      }
    }
    assertThat(at).isNotNull();
    // Critical incidents escalate after 3 s in the test configuration.
    assertThat(Duration.between(opened, at).toMillis()).isBetween(3_000L, 4_000L);
    assertThat(escalated.get("status").asText()).isEqualTo("escalated");
    api().post("/v1/incidents/" + id + "/resolve", ADMIN_KEY, "");
  }
}
