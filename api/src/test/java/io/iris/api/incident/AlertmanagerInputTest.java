package io.iris.api.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alertmanager's free-form text, however long, opens an incident rather than a 500. */
class AlertmanagerInputTest extends ApiTestBase {

  @Test
  void givenAHugeGroupKeyAndSummary_whenAlertmanagerPosts_itShouldOpenOneIncident() {
    String group =
        "{}:{alertname=\"DiskFull\",run=\""
            + UUID.randomUUID()
            + "\",pad=\""
            + "p".repeat(400)
            + "\"}";
    String body =
        IncidentApiTest.alertmanager(group.replace("\"", "\\\""), "firing", "1a30ba71cca2921f")
            .replace("db-1 disk 97%", "s".repeat(3000));
    Response first = postAlertmanager(body);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    String incidentId = first.json().get("incidentId").asText();
    Response repeat = postAlertmanager(body);
    assertThat(repeat.json().get("incidentId").asText()).isEqualTo(incidentId);
    assertThat(repeat.json().get("attached").asBoolean()).isTrue();

    Response incident = api().get("/v1/incidents/" + incidentId, ADMIN_KEY);
    assertThat(incident.json().get("title").asText()).hasSize(1000).endsWith("…");
  }

  @Test
  void givenAFingerprintLongerThanAnyAlertmanagerMakes_whenPosted_itShouldBe400NamingIt() {
    String body =
        IncidentApiTest.alertmanager(
            "{}:{run=\\\"" + UUID.randomUUID() + "\\\"}", "firing", "f".repeat(201));
    Response r = postAlertmanager(body);
    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText())
        .isEqualTo("alerts[0].fingerprint");
  }
}
