package io.iris.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Auto-remediation end to end, as in production with the windows shortened: the packaged
 * application in its own process (routing by score, the breaker, automatic failover, anomaly
 * detection and remediation all on), the simulator in a process of its own (it counts what each
 * provider, Slack and PagerDuty received), the real Temporal dev server running the {@code
 * anomaly-detection} and {@code health-evaluation} Schedules in a namespace of its own, and a
 * PostgreSQL server of its own.
 *
 * <p>Under steady SMS traffic a provider fails: the anomaly is detected, an incident opens, its
 * runbook runs as a child workflow, verification on fresh metrics passes, and the incident resolves
 * by itself — every step on its timeline, PagerDuty never paged, no message lost or sent twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoRemediationE2EIT {

  static final String NAMESPACE = "iris-remediation";
  static final String ADMIN_KEY = "iris_remediation_admin_key_0123456789abcdefgh";
  static final String PREFIX = "+1415666";

  static IsolatedPlatform platform;
  static ApiClient api;
  static ApiClient sim;
  static String key;

  static SteadySms traffic;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env = new HashMap<>();
    // Production switches, stated so a profile default cannot turn them off.
    env.put("IRIS_ROUTING_BY_SCORE", "true");
    env.put("IRIS_FAILOVER_BREAKER_ENABLED", "true");
    env.put("IRIS_FAILOVER_AUTOMATIC", "true");
    env.put("IRIS_ANOMALY_ENABLED", "true");
    env.put("IRIS_REMEDIATION_ENABLED", "true");
    // Shortened windows.
    env.put("IRIS_HEALTH_EVALUATION_INTERVAL", "2s");
    env.put("IRIS_HEALTH_RANKING_WINDOW", "40s");
    env.put("IRIS_HEALTH_CURRENT_WINDOW", "10s");
    env.put("IRIS_HEALTH_METRICS_FLUSH_INTERVAL", "1s");
    env.put("IRIS_ROUTING_REFRESH_INTERVAL", "500ms");
    env.put("IRIS_ANOMALY_DETECTION_INTERVAL", "5s");
    env.put("IRIS_ANOMALY_CURRENT_WINDOW", "1m");
    env.put("IRIS_REMEDIATION_STABILIZATION_WAIT", "10s");
    env.put("IRIS_REMEDIATION_SETTLE", "2s");
    // The failed-over providers stay out of the way while the test runs.
    env.put("IRIS_FAILOVER_REEVALUATION_DELAY", "10m");
    env.put("IRIS_SEND_RECEIPT_TIMEOUT_SMS", "20s");
    env.put("IRIS_SEND_OUTBOX_SWEEP_INTERVAL", "1s");
    platform = IsolatedPlatform.start("remediation", NAMESPACE, ADMIN_KEY, env);
    api = platform.api;
    sim = platform.sim;
    Response tenant =
        api.post("/v1/tenants", ADMIN_KEY, "{\"name\":\"remediation-" + UUID.randomUUID() + "\"}");
    assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
    key = tenant.json().get("apiKey").asText();
    traffic = new SteadySms(api, key, PREFIX, "remediation");
  }

  @AfterAll
  static void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void givenSteadyTraffic_whenThePrimaryFails_itShouldDetectRemediateVerifyAndResolveWithoutPaging()
      throws Exception {
    for (String p : FaultE2EIT.SMS_PROVIDERS) {
      FaultE2EIT.behave(sim, p, "{\"failureRate\":0,\"latencyMs\":0,\"receipt\":\"delivered\"}");
    }
    traffic.start(5);
    String primary;
    Instant t0;
    JsonNode anomaly;
    JsonNode incident;
    try {
      primary = SteadySms.scoredPrimary(api, ADMIN_KEY);
      assertThat(openAnomalies()).as("no anomaly before the fault").isEmpty();

      FaultE2EIT.behave(sim, primary, "{\"failureRate\":1}");
      t0 = Instant.now();
      String p = primary;
      AtomicReference<JsonNode> found = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                for (JsonNode a : openAnomalies()) {
                  if ("provider_outage".equals(a.get("type").asText())
                      && p.equals(a.get("provider").asText())
                      && a.hasNonNull("incidentId")) {
                    found.set(a);
                    return true;
                  }
                }
                return false;
              });
      anomaly = found.get();
      long detectMs =
          Duration.between(t0, Instant.parse(anomaly.get("detectedAt").asText())).toMillis();
      System.out.printf(
          "[remediation] %s outage detected after %d ms: %s%n", primary, detectMs, anomaly);
      String incidentId = anomaly.get("incidentId").asText();

      AtomicReference<JsonNode> resolved = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                JsonNode i = api.get("/v1/incidents/" + incidentId, ADMIN_KEY).json();
                resolved.set(i);
                return "resolved".equals(i.get("status").asText());
              });
      incident = resolved.get();
      long mttrMs =
          Duration.between(t0, Instant.parse(incident.get("resolvedAt").asText())).toMillis();
      System.out.printf(
          "[remediation] incident resolved %d ms after the fault: %s%n", mttrMs, incident);
      assertThat(mttrMs).as("MTTR").isLessThan(60_000);
    } finally {
      traffic.stop();
    }

    // The timeline tells the story in order.
    List<String> events = new ArrayList<>();
    for (JsonNode e : incident.get("timeline")) {
      events.add(e.get("event").asText());
    }
    assertThat(events)
        .containsSubsequence(
            "detected",
            "opened",
            "notified",
            "remediation_started",
            "remediation_step",
            "remediation_verified",
            "resolved");
    assertThat(incident.get("resolvedBy").asText()).contains("remediation");

    // Its remediation: the failover runbook, verified, with before and after figures.
    JsonNode remediations = incident.get("remediations");
    assertThat(remediations).hasSize(1);
    String remediationId = remediations.get(0).get("id").asText();
    JsonNode remediation = api.get("/v1/remediations/" + remediationId, ADMIN_KEY).json();
    System.out.println("[remediation] " + remediation);
    assertThat(remediation.get("runbook").asText()).isEqualTo("provider-failover");
    assertThat(remediation.get("status").asText()).isEqualTo("succeeded");
    assertThat(remediation.get("steps").get(0).get("action").asText()).isEqualTo("failover");
    assertThat(remediation.hasNonNull("metricsBefore")).isTrue();
    assertThat(remediation.hasNonNull("metricsAfter")).isTrue();

    // PagerDuty never heard of it; Slack did.
    JsonNode pages = FaultE2EIT.json(sim.get("/sim/pagerduty/events", null));
    assertThat(pages).as("PagerDuty events").isEmpty();
    JsonNode slack = FaultE2EIT.json(sim.get("/sim/slack/messages", null));
    assertThat(slack.toString()).contains(incident.get("title").asText());

    // The product failed the provider over once (the breaker's; the runbook's step met it).
    Map<String, Integer> actions = new LinkedHashMap<>();
    for (JsonNode row : api.get("/v1/audit-logs?limit=1000", ADMIN_KEY).json()) {
      if (row.toString().contains(primary) && row.get("action").asText().startsWith("provider.")) {
        actions.merge(row.get("action").asText(), 1, Integer::sum);
      }
    }
    assertThat(actions.get("provider.failover")).as("audit of " + primary).isEqualTo(1);

    // Nothing lost, nothing sent twice (counted in the simulator).
    List<String> recipients = new ArrayList<>();
    for (SteadySms.Sent s : traffic.sent) {
      JsonNode m = FaultE2EIT.awaitFinal(api, key, s.id(), Duration.ofMinutes(2));
      assertThat(m.get("status").asText()).as(m.toString()).isEqualTo("delivered");
      recipients.add(s.to());
    }
    FaultE2EIT.assertDeliveredOnce(sim, recipients, PREFIX);
    assertThat(traffic.refused.get()).as("sends refused").isZero();
    System.out.printf("[remediation] %d messages, all delivered once%n", recipients.size());
  }

  // --- helpers ---

  static JsonNode routing() {
    return SteadySms.routing(api, ADMIN_KEY);
  }

  static List<JsonNode> openAnomalies() {
    Response r = api.get("/v1/anomalies?status=open", ADMIN_KEY);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> all = new ArrayList<>();
    r.json().forEach(all::add);
    return all;
  }
}
