package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.incident.IncidentStore;
import io.iris.activities.remediation.AnomalyActivitiesImpl;
import io.iris.activities.remediation.AnomalyStore;
import io.iris.activities.remediation.AnomalyStore.Impact;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.DetectionOutcome;
import io.iris.workflows.remediation.Finding;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A new anomaly's incident, through the detection's activity and the extracted IncidentOpener: its
 * dedup key, source, type and plain-words text; idempotent by anomaly id; a later anomaly of the
 * same key attaches to the open incident.
 */
class AnomalyIncidentTest extends ApiTestBase {

  @Autowired AnomalyStore anomalies;
  @Autowired AnomalyActivitiesImpl activities;
  @Autowired IncidentStore incidents;
  @Autowired WorkflowClient client;

  private AnomalyRef stored(String provider, Instant at) {
    Finding f =
        new Finding(
            AnomalyType.PROVIDER_OUTAGE,
            Severity.CRITICAL,
            "provider_outage:sms:" + provider,
            "sms",
            provider,
            "",
            "",
            80,
            12.5,
            -84.375,
            "percent",
            provider + " on sms delivered 12.5% over 120 attempts; below 80% is an outage",
            Map.of());
    DetectionOutcome o =
        anomalies.record(at, List.of(f), x -> new Impact(3, 1), 2, Duration.ofDays(90));
    return o.opened().isEmpty() ? o.repeated().get(0).anomaly() : o.opened().get(0).anomaly();
  }

  @Test
  void givenANewAnomaly_whenItOpensItsIncident_itShouldBeTypedTitledAndLinkedOnce() {
    String provider = "p" + UUID.randomUUID().toString().substring(0, 8);
    AnomalyRef a = stored(provider, Instant.now().truncatedTo(ChronoUnit.MILLIS));

    String incidentId = activities.openIncident(a);
    String again = activities.openIncident(a);

    assertThat(again).as("a retry finds the link").isEqualTo(incidentId);
    IncidentStore.Incident row = incidents.find(UUID.fromString(incidentId)).orElseThrow();
    assertThat(row.dedupKey()).isEqualTo("anomaly:provider_outage:sms:" + provider);
    assertThat(row.source()).isEqualTo("anomaly");
    assertThat(row.type()).isEqualTo("provider_outage");
    assertThat(row.severity()).isEqualTo("critical");
    assertThat(row.title()).isEqualTo("Provider outage: " + provider + " on sms");
    assertThat(row.description())
        .contains("delivered 12.5% over 120 attempts")
        .contains("Outage threshold 80%, measured 12.5% (-84.38%).");
    assertThat(anomalies.find(UUID.fromString(a.anomalyId())).orElseThrow().incidentId())
        .isEqualTo(UUID.fromString(incidentId));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              IncidentState state =
                  client
                      .newWorkflowStub(
                          IncidentWorkflow.class, IncidentWorkflow.workflowId(incidentId))
                      .state();
              assertThat(state.type()).isEqualTo("provider_outage");
              assertThat(state.anomalies())
                  .extracting(AnomalyRef::anomalyId)
                  .containsExactly(a.anomalyId());
            });
  }

  @Test
  void givenAnOpenAnomalyIncident_whenAnotherAnomalyOfTheKeyOpensOne_itShouldAttachToIt() {
    String provider = "p" + UUID.randomUUID().toString().substring(0, 8);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AnomalyRef first = stored(provider, t0);
    String incidentId = activities.openIncident(first);
    // It clears (two absent runs) and comes back: a new anomaly row, the same incident key.
    anomalies.record(t0.plusSeconds(60), List.of(), f -> Impact.NONE, 2, Duration.ofDays(90));
    anomalies.record(t0.plusSeconds(120), List.of(), f -> Impact.NONE, 2, Duration.ofDays(90));
    AnomalyRef second = stored(provider, t0.plusSeconds(180));
    assertThat(second.anomalyId()).isNotEqualTo(first.anomalyId());

    assertThat(activities.openIncident(second)).isEqualTo(incidentId);
    assertThat(anomalies.find(UUID.fromString(second.anomalyId())).orElseThrow().incidentId())
        .isEqualTo(UUID.fromString(incidentId));
  }
}
