package io.iris.api.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.incident.IncidentStore;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Alertmanager's incidents carry the type {@code alertmanager:<alertname>} (runbooks match it). */
class AlertmanagerIncidentTypeTest extends ApiTestBase {

  @Autowired IncidentStore incidents;

  @Test
  void givenAFiringAlert_whenItOpensAnIncident_itShouldBeTypedByTheAlertName() {
    String group = "{}:{alertname=\\\"DiskFull\\\",run=\\\"" + UUID.randomUUID() + "\\\"}";
    Response r =
        api()
            .sendWithHeader(
                "POST",
                "/v1/alerts/alertmanager",
                null,
                "Authorization",
                "Bearer test-alertmanager-token",
                IncidentApiTest.alertmanager(group, "firing", "1a30ba71cca2921f"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    IncidentStore.Incident row =
        incidents.find(UUID.fromString(r.json().get("incidentId").asText())).orElseThrow();
    assertThat(row.type()).isEqualTo("alertmanager:DiskFull");
    assertThat(row.source()).isEqualTo("alertmanager");
  }
}
