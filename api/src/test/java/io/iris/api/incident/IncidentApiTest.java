package io.iris.api.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Incidents through REST and the Alertmanager intake, on Temporal's in-process server. */
class IncidentApiTest extends ApiTestBase {

  JsonNode awaitStatus(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                status.equals(
                    api().get("/v1/incidents/" + id, ADMIN_KEY).json().get("status").asText()));
    return api().get("/v1/incidents/" + id, ADMIN_KEY).json();
  }

  @Test
  void givenAnIncident_whenAcknowledgedAndResolved_itShouldTellTheWholeStory() {
    Response opened =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"db-1 disk 91%\",\"severity\":\"high\",\"service\":\"db\"}");
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    String id = opened.json().get("id").asText();
    assertThat(opened.json().get("links").get("workflow").asText()).isEqualTo("incident-" + id);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                api()
                    .get("/v1/incidents/" + id, ADMIN_KEY)
                    .json()
                    .get("timeline")
                    .findValuesAsText("event")
                    .contains("notified"));
    assertThat(api().post("/v1/incidents/" + id + "/acknowledge", ADMIN_KEY, "").status())
        .isEqualTo(202);
    awaitStatus(id, "acknowledged");
    assertThat(
            api()
                .post(
                    "/v1/incidents/" + id + "/notes", ADMIN_KEY, "{\"text\":\"replica promoted\"}")
                .status())
        .isEqualTo(202);
    assertThat(api().post("/v1/incidents/" + id + "/resolve", ADMIN_KEY, "").status())
        .isEqualTo(202);

    JsonNode done = awaitStatus(id, "resolved");
    assertThat(done.get("acknowledgedAt").asText()).isNotBlank();
    assertThat(done.get("resolvedAt").asText()).isNotBlank();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api().get("/v1/incidents/" + id, ADMIN_KEY).json().hasNonNull("mttrSeconds"));
    JsonNode closed = api().get("/v1/incidents/" + id, ADMIN_KEY).json();
    assertThat(closed.get("timeline").findValuesAsText("event"))
        .containsSubsequence(
            "opened", "notified", "acknowledged", "note", "resolved", "review_drafted");
    assertThat(closed.get("review").asText())
        .contains("Post-incident review")
        .contains("replica promoted");
    // The dev-profile fakes of Slack and PagerDuty took both notifications.
    assertThat(closed.get("timeline").toString()).contains("slack and pagerduty");
    assertThat(closed.get("timeline").toString()).doesNotContain("notification_failed");
    assertProblem(api().post("/v1/incidents/" + id + "/acknowledge", ADMIN_KEY, ""), 409);
  }

  List<String> pagerDutyActions(String dedupKey) {
    List<String> actions = new ArrayList<>();
    for (JsonNode e : api().get("/sim/pagerduty/events?dedupKey=" + dedupKey, null).json()) {
      actions.add(e.path("event_action").asText(e.path("eventAction").asText()));
    }
    return actions;
  }

  List<String> listed(String status) {
    return api().get("/v1/incidents?status=" + status, ADMIN_KEY).json().findValuesAsText("id");
  }

  @Test
  void givenAnAcknowledgementInTheFirstSecond_theStoredIncidentShouldSayAcknowledged() {
    String id =
        api()
            .post("/v1/incidents", ADMIN_KEY, "{\"title\":\"queue lag\",\"severity\":\"critical\"}")
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
                assertThat(
                        api().get("/v1/incidents/" + id, ADMIN_KEY).json().get("status").asText())
                    .as("the stored status once PagerDuty was told")
                    .isEqualTo("acknowledged"));
    JsonNode incident = api().get("/v1/incidents/" + id, ADMIN_KEY).json();
    assertThat(incident.get("acknowledgedBy").asText()).isNotBlank();
    assertThat(listed("acknowledged")).contains(id);
    assertThat(listed("open")).doesNotContain(id);
    api().post("/v1/incidents/" + id + "/resolve", ADMIN_KEY, "");
    awaitStatus(id, "resolved");
  }

  @Test
  void givenARepeatedDedupKey_itShouldAttachToTheOpenIncident() {
    String key = "dedup-" + UUID.randomUUID();
    Response first =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"api 5xx\",\"severity\":\"medium\",\"dedupKey\":\"" + key + "\"}");
    Response second =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"api 5xx again\",\"severity\":\"medium\",\"dedupKey\":\""
                    + key
                    + "\"}");
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertThat(second.json().get("attached").asBoolean()).isTrue();
  }

  @Test
  void givenBadInputOrATenantKey_itShouldRefuseClearly() {
    Response badSeverity =
        api().post("/v1/incidents", ADMIN_KEY, "{\"title\":\"x\",\"severity\":\"sev1\"}");
    assertProblem(badSeverity, 400);
    assertThat(badSeverity.json().get("errors").get(0).get("field").asText()).isEqualTo("severity");
    String tenantKey = createTenant(uniqueName("t")).get("apiKey").asText();
    assertProblem(
        api().post("/v1/incidents", tenantKey, "{\"title\":\"x\",\"severity\":\"low\"}"), 403);
    assertProblem(api().get("/v1/incidents/" + UUID.randomUUID(), ADMIN_KEY), 404);
  }

  static String alertmanager(String groupKey, String status, String fingerprint) {
    return "{\"version\":\"4\",\"groupKey\":\""
        + groupKey
        + "\",\"truncatedAlerts\":0,\"status\":\""
        + status
        + "\",\"receiver\":\"iris\",\"groupLabels\":{\"alertname\":\"DiskFull\"},"
        + "\"commonLabels\":{\"alertname\":\"DiskFull\",\"severity\":\"critical\",\"service\":\"db\"},"
        + "\"commonAnnotations\":{\"summary\":\"db-1 disk 97%\"},\"externalURL\":\"http://am:9093\","
        + "\"alerts\":[{\"status\":\""
        + status
        + "\",\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db-1\"},"
        + "\"annotations\":{\"summary\":\"db-1 disk 97%\"},\"startsAt\":\"2026-11-22T09:00:00Z\","
        + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prom/graph\",\"fingerprint\":\""
        + fingerprint
        + "\"}]}";
  }

  Response postAlert(String token, String body) {
    return api()
        .sendWithHeader(
            "POST",
            "/v1/alerts/alertmanager",
            null,
            "Authorization",
            token == null ? "" : "Bearer " + token,
            body);
  }

  @Test
  void givenAlertmanagerAlerts_firingShouldOpenOnceAndResolvedShouldClose() {
    String group = "{}:{alertname=\"DiskFull\",run=\"" + UUID.randomUUID() + "\"}";
    String firing = alertmanager(group.replace("\"", "\\\""), "firing", "1a30ba71cca2921f");
    Response first = postAlert("test-alertmanager-token", firing);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String id = first.json().get("incidentId").asText();
    Response repeat = postAlert("test-alertmanager-token", firing);
    assertThat(repeat.json().get("incidentId").asText()).isEqualTo(id);

    JsonNode incident = api().get("/v1/incidents/" + id, ADMIN_KEY).json();
    assertThat(incident.get("severity").asText()).isEqualTo("critical");
    assertThat(incident.get("title").asText()).isEqualTo("db-1 disk 97%");
    assertThat(incident.get("source").asText()).isEqualTo("alertmanager");

    Response resolved =
        postAlert(
            "test-alertmanager-token",
            alertmanager(group.replace("\"", "\\\""), "resolved", "1a30ba71cca2921f"));
    assertThat(resolved.status()).isEqualTo(200);
    JsonNode done = awaitStatus(id, "resolved");
    assertThat(done.get("resolvedBy").asText()).startsWith("alertmanager");
    assertThat(done.get("timeline").findValuesAsText("event"))
        .contains("alert_attached", "alert_resolved");
  }

  @Test
  void givenAWrongAlertmanagerToken_itShouldBe401() {
    assertProblem(postAlert("wrong", alertmanager("g", "firing", "f")), 401);
    assertProblem(postAlert(null, alertmanager("g", "firing", "f")), 401);
    Response v3 =
        postAlert(
            "test-alertmanager-token",
            alertmanager("g", "firing", "f").replace("\"version\":\"4\"", "\"version\":\"3\""));
    assertProblem(v3, 400);
    assertThat(v3.json().get("errors").get(0).get("field").asText()).isEqualTo("version");
  }
}
