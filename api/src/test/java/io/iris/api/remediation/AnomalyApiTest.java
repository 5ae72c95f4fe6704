package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.remediation.AnomalyStore;
import io.iris.activities.remediation.AnomalyStore.Impact;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** GET /v1/anomalies: the shape, the filters, bad parameters, and tenant keys refused. */
class AnomalyApiTest extends ApiTestBase {

  @Autowired DSLContext db;
  @Autowired AnomalyStore store;

  final Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void clean() {
    // Every anomaly of earlier tests, except those a remediation run refers to.
    db.execute(
        "DELETE FROM anomaly_events WHERE id NOT IN"
            + " (SELECT anomaly_id FROM remediation_runs WHERE anomaly_id IS NOT NULL)");
  }

  private static Finding outage() {
    return new Finding(
        AnomalyType.PROVIDER_OUTAGE,
        Severity.CRITICAL,
        "provider_outage:sms:twilio",
        "sms",
        "twilio",
        "",
        "",
        80,
        12.5,
        -84.375,
        "percent",
        "twilio on sms delivered 12.5% over 120 attempts; below 80% is an outage",
        Map.of("attempts", "120"));
  }

  private static Finding backlog() {
    return new Finding(
        AnomalyType.TASK_QUEUE_BACKLOG,
        Severity.HIGH,
        "task_queue_backlog:iris-send:activity",
        "",
        "",
        "",
        "iris-send",
        30_000,
        45_000,
        50,
        "ms",
        "the oldest activity task on iris-send has waited 45 s",
        Map.of());
  }

  private void record(Instant when, Finding... findings) {
    store.record(when, List.of(findings), f -> new Impact(42, 3), 2, Duration.ofDays(90));
  }

  @Test
  void givenAnOpenAnomaly_whenListed_itShouldShowTheIssuesFieldsAndItsImpact() {
    record(at, outage());

    Response r = api().get("/v1/anomalies?status=open&type=provider_outage", ADMIN_KEY);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).hasSize(1);
    JsonNode a = r.json().get(0);
    List<String> fields = new ArrayList<>();
    a.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .contains(
            "id",
            "type",
            "severity",
            "channel",
            "provider",
            "tenantId",
            "expected",
            "actual",
            "deviation",
            "status",
            "detectedAt",
            "incidentId",
            "resolvedAt",
            "detail",
            "unit",
            "impact");
    assertThat(a.get("type").asText()).isEqualTo("provider_outage");
    assertThat(a.get("severity").asText()).isEqualTo("critical");
    assertThat(a.get("channel").asText()).isEqualTo("sms");
    assertThat(a.get("provider").asText()).isEqualTo("twilio");
    assertThat(a.get("tenantId").isNull()).isTrue();
    assertThat(a.get("expected").decimalValue()).isEqualByComparingTo("80");
    assertThat(a.get("actual").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(a.get("deviation").decimalValue()).isEqualByComparingTo("-84.375");
    assertThat(a.get("status").asText()).isEqualTo("open");
    assertThat(Instant.parse(a.get("detectedAt").asText())).isEqualTo(at);
    assertThat(a.get("incidentId").isNull()).isTrue();
    assertThat(a.get("resolvedAt").isNull()).isTrue();
    assertThat(a.get("unit").asText()).isEqualTo("percent");
    assertThat(a.get("impact").get("messages").asLong()).isEqualTo(42);
    assertThat(a.get("impact").get("tenants").asInt()).isEqualTo(3);
  }

  @Test
  void givenOpenAndResolvedAnomalies_whenFiltered_itShouldReturnOnlyTheMatchingOnes() {
    record(at.minusSeconds(180), backlog());
    record(at.minusSeconds(120), outage());
    record(at.minusSeconds(60), outage());
    record(at, outage()); // the backlog was resolved at its second absent run (at − 60 s)

    Response resolved = api().get("/v1/anomalies?status=resolved", ADMIN_KEY);
    Response open = api().get("/v1/anomalies?status=open", ADMIN_KEY);
    Response outages = api().get("/v1/anomalies?type=task_queue_backlog&limit=5", ADMIN_KEY);

    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json()).hasSize(1);
    assertThat(resolved.json().get(0).get("type").asText()).isEqualTo("task_queue_backlog");
    assertThat(Instant.parse(resolved.json().get(0).get("resolvedAt").asText()))
        .isEqualTo(at.minusSeconds(60));
    assertThat(open.json())
        .extracting(n -> n.get("type").asText())
        .containsExactly("provider_outage");
    assertThat(outages.json()).hasSize(1);
  }

  @Test
  void givenBadParameters_whenListed_itShouldAnswer400NamingEach() {
    for (String[] bad :
        new String[][] {
          {"status=closed", "status"},
          {"type=outage", "type"},
          {"limit=0", "limit"},
          {"limit=1001", "limit"},
          {"limit=ten", "limit"}
        }) {
      Response r = api().get("/v1/anomalies?" + bad[0], ADMIN_KEY);
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }

  @Test
  void givenATenantKeyOrNoKey_whenListed_itShouldBeRefused() {
    String tenantKey = createTenant(uniqueName("anomalies")).get("apiKey").asText();

    assertProblem(api().get("/v1/anomalies", tenantKey), 403);
    assertProblem(api().get("/v1/anomalies", null), 401);
  }
}
