package io.iris.api.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.incident.IncidentStore;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.remediation.AnomalyRef;
import io.temporal.client.WorkflowClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Alertmanager's incidents carry the type {@code alertmanager:<alertname>} (runbooks match it). */
class AlertmanagerIncidentTypeTest extends ApiTestBase {

  @Autowired IncidentStore incidents;
  @Autowired WorkflowClient client;

  @Test
  void givenAFiringAlert_whenItOpensAnIncident_itShouldBeTypedByTheAlertName() {
    String group = "{}:{alertname=\\\"DiskFull\\\",run=\\\"" + UUID.randomUUID() + "\\\"}";
    Response r =
        postAlertmanager(IncidentApiTest.alertmanager(group, "firing", "1a30ba71cca2921f"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    IncidentStore.Incident row =
        incidents.find(UUID.fromString(r.json().get("incidentId").asText())).orElseThrow();
    assertThat(row.type()).isEqualTo("alertmanager:DiskFull");
    assertThat(row.source()).isEqualTo("alertmanager");
  }

  @Test
  void givenAnAlertWhoseLabelsNameAScope_whenItOpensAnIncident_itsRunbooksShouldActOnIt() {
    String tenant = UUID.randomUUID().toString();
    String group = "{}:{alertname=\\\"TwilioErrors\\\",run=\\\"" + UUID.randomUUID() + "\\\"}";
    String body =
        IncidentApiTest.alertmanager(group, "firing", "2b30ba71cca2921f")
            .replace(
                "\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db-1\"}",
                "\"labels\":{\"alertname\":\"TwilioErrors\",\"channel\":\"SMS\","
                    + "\"provider\":\"twilio\",\"tenant_id\":\""
                    + tenant
                    + "\",\"queue\":\"iris-send\"}");
    Response r = postAlertmanager(body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String id = r.json().get("incidentId").asText();

    IncidentState state =
        client.newWorkflowStub(IncidentWorkflow.class, IncidentWorkflow.workflowId(id)).state();
    AnomalyRef scope = state.scope();
    assertThat(state.type()).isEqualTo("alertmanager:TwilioErrors");
    assertThat(scope).isNotNull();
    assertThat(scope.incidentScope()).isTrue();
    assertThat(scope.kind()).isEqualTo("alertmanager:TwilioErrors");
    assertThat(scope.channel()).isEqualTo("sms");
    assertThat(scope.provider()).isEqualTo("twilio");
    assertThat(scope.tenantId()).isEqualTo(tenant);
    assertThat(scope.taskQueue()).isEqualTo("iris-send");
  }

  @Test
  void givenLabelsThatAreNotOurs_theScopeShouldLeaveThemOut() {
    AlertmanagerController.Alert alert =
        new AlertmanagerController.Alert(
            "firing",
            java.util.Map.of("channel", "carrier-pigeon", "tenant", "acme", "provider", " telnyx "),
            java.util.Map.of(),
            null,
            null,
            null,
            "f1");
    AlertmanagerController.Notification n =
        new AlertmanagerController.Notification(
            "4",
            "g",
            "firing",
            "iris",
            java.util.Map.of(),
            java.util.Map.of("task_queue", "iris-incident"),
            java.util.Map.of(),
            null,
            0,
            java.util.List.of(alert));

    io.iris.activities.incident.IncidentOpener.Scope scope = AlertmanagerController.scope(n, alert);

    assertThat(scope)
        .isEqualTo(
            new io.iris.activities.incident.IncidentOpener.Scope(
                "", "telnyx", "", "iris-incident"));
  }
}
