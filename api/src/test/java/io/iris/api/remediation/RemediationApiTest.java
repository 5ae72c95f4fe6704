package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.remediation.RemediationStore;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RemediationRecord;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.ScopeMetrics;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import io.iris.workflows.remediation.VerifyCondition;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The remediation reads, the kill switch and the incident's remediations list, over REST. */
class RemediationApiTest extends ApiTestBase {

  @Autowired RemediationStore store;

  String incidentId;
  String runId;

  @BeforeEach
  void aRemediatedIncident() {
    Response opened =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"provider outage\",\"severity\":\"critical\",\"dedupKey\":\""
                    + uniqueName("remediation-api")
                    + "\"}");
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    incidentId = opened.json().get("id").asText();
    runId = "remediation-" + incidentId + "-provider-failover";
    Instant now = Instant.now();
    store.upsertRun(
        new RemediationRecord(
            runId,
            incidentId,
            "",
            "provider-failover",
            "ab12",
            RemediationStatus.RUNNING,
            "",
            new ScopeMetrics(
                VerifyCondition.Scope.CHANNEL, 1, 2, 40, Map.of("delivery_rate_percent", 40.0)),
            null,
            "",
            "",
            "",
            now.toEpochMilli(),
            0),
        now);
    StepCommand step =
        new StepCommand(
            runId,
            incidentId,
            "provider-failover",
            "step",
            0,
            new RunbookStep(RemediationAction.FAILOVER, Map.of(), 0),
            new AnomalyRef(
                UUID.randomUUID().toString(),
                AnomalyType.PROVIDER_OUTAGE,
                Severity.CRITICAL,
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
                now.toEpochMilli()),
            null,
            null);
    store.begin(step, 1000, java.time.Duration.ofHours(1), 0, now);
    store.finish(
        step.eventKey(),
        new StepResult(
            RemediationAction.FAILOVER,
            StepOutcome.ALREADY_IN_EFFECT,
            "twilio is already failed over on sms",
            Map.of()),
        now);
    store.upsertRun(
        new RemediationRecord(
            runId,
            incidentId,
            "",
            "provider-failover",
            "ab12",
            RemediationStatus.SUCCEEDED,
            "verified",
            null,
            new ScopeMetrics(
                VerifyCondition.Scope.CHANNEL, 3, 4, 50, Map.of("delivery_rate_percent", 99.0)),
            "",
            "",
            "",
            now.toEpochMilli(),
            now.toEpochMilli()),
        now);
  }

  @AfterEach
  void switchBackOn() {
    api()
        .send(
            "PUT",
            "/v1/remediations/kill-switch",
            ADMIN_KEY,
            "application/json",
            "{\"enabled\":true,\"reason\":\"test over\"}");
  }

  @Test
  void givenARun_whenReadById_itShouldShowItsStepsAndMetrics() {
    Response r = api().get("/v1/remediations/" + runId, ADMIN_KEY);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode v = r.json();
    assertThat(v.get("id").asText()).isEqualTo(runId);
    assertThat(v.get("incidentId").asText()).isEqualTo(incidentId);
    assertThat(v.get("runbook").asText()).isEqualTo("provider-failover");
    assertThat(v.get("status").asText()).isEqualTo("succeeded");
    assertThat(v.get("steps")).hasSize(1);
    JsonNode step = v.get("steps").get(0);
    assertThat(step.get("action").asText()).isEqualTo("failover");
    assertThat(step.get("status").asText()).isEqualTo("already_in_effect");
    assertThat(step.get("detail").asText()).contains("already failed over");
    assertThat(step.hasNonNull("at")).isTrue();
    assertThat(v.get("metricsBefore").get("values").get("delivery_rate_percent").asDouble())
        .isEqualTo(40.0);
    assertThat(v.get("metricsAfter").get("values").get("delivery_rate_percent").asDouble())
        .isEqualTo(99.0);
  }

  @Test
  void givenRuns_whenListedByIncidentAndStatus_itShouldFilterThem() {
    Response byIncident = api().get("/v1/remediations?incidentId=" + incidentId, ADMIN_KEY);
    assertThat(byIncident.status()).as(byIncident.body()).isEqualTo(200);
    assertThat(byIncident.json()).hasSize(1);
    assertThat(byIncident.json().get(0).get("id").asText()).isEqualTo(runId);

    Response failed =
        api().get("/v1/remediations?status=failed&incidentId=" + incidentId, ADMIN_KEY);
    assertThat(failed.json()).isEmpty();
  }

  @Test
  void givenBadParameters_whenListed_itShouldAnswer400NamingEach() {
    for (String[] c :
        new String[][] {
          {"status=bogus", "status"},
          {"incidentId=nope", "incidentId"},
          {"limit=0", "limit"},
          {"limit=x", "limit"}
        }) {
      Response r = api().get("/v1/remediations?" + c[0], ADMIN_KEY);
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(c[1]);
    }
  }

  @Test
  void givenAnUnknownOrMalformedId_whenRead_itShouldAnswer404() {
    assertProblem(
        api().get("/v1/remediations/remediation-" + UUID.randomUUID() + "-x", ADMIN_KEY), 404);
    assertProblem(api().get("/v1/remediations/not-a-remediation", ADMIN_KEY), 404);
  }

  @Test
  void givenATenantKey_whenReadingRemediations_itShouldAnswer403() {
    String tenantKey = createTenant(uniqueName("remediation-reader")).get("apiKey").asText();

    assertProblem(api().get("/v1/remediations", tenantKey), 403);
    assertProblem(api().get("/v1/remediations/" + runId, tenantKey), 403);
    assertProblem(api().get("/v1/remediations/kill-switch", tenantKey), 403);
  }

  @Test
  void givenTheIncident_whenRead_itShouldListItsRemediations() {
    Response r = api().get("/v1/incidents/" + incidentId, ADMIN_KEY);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode remediations = r.json().get("remediations");
    assertThat(remediations).hasSize(1);
    assertThat(remediations.get(0).get("id").asText()).isEqualTo(runId);
    assertThat(remediations.get(0).get("runbook").asText()).isEqualTo("provider-failover");
    assertThat(remediations.get(0).get("status").asText()).isEqualTo("succeeded");
    assertThat(remediations.get(0).hasNonNull("finishedAt")).isTrue();
  }

  @Test
  void givenTheKillSwitch_whenTurnedOff_itShouldReadBackOffAndBeAudited() {
    Response put =
        api()
            .send(
                "PUT",
                "/v1/remediations/kill-switch",
                ADMIN_KEY,
                "application/json",
                "{\"enabled\":false,\"reason\":\"incident review\"}");

    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().get("enabled").asBoolean()).isFalse();
    assertThat(put.json().get("effective").asBoolean()).isFalse();
    Response get = api().get("/v1/remediations/kill-switch", ADMIN_KEY);
    assertThat(get.json().get("enabled").asBoolean()).isFalse();
    assertThat(get.json().get("reason").asText()).isEqualTo("incident review");
    Response audit = api().get("/v1/audit-logs?limit=20", ADMIN_KEY);
    assertThat(audit.body()).contains("remediation.disabled");
  }

  @Test
  void givenAKillSwitchWithoutEnabled_whenPut_itShouldAnswer400NamingIt() {
    Response r =
        api()
            .send(
                "PUT",
                "/v1/remediations/kill-switch",
                ADMIN_KEY,
                "application/json",
                "{\"reason\":\"x\"}");

    assertProblem(r, 400);
    assertThat(r.body()).contains("enabled");
  }
}
