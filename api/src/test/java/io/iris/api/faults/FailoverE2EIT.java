package io.iris.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.RealTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A provider outage under steady traffic, end to end: the packaged application in its own process
 * with routing by score, the breaker and automatic failover on (as in production) and the windows
 * shortened; the simulator in a process of its own, which counts what each provider received; the
 * real Temporal dev server, in a namespace of its own, running the {@code health-evaluation}
 * Schedule and the provider's {@code FailoverReevaluationWorkflow}; a PostgreSQL server of its own.
 *
 * <p>The primary SMS provider (whichever the router puts first) starts failing every call: the
 * breaker fails it over, new sends go elsewhere, nothing is lost or sent twice; it recovers, and
 * traffic fails back to it step by step (10, 50, 100%). A second failover while it is recovering is
 * a flap: its weight goes back to 0 and the wait before the next check doubles.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverE2EIT {

  static final String NAMESPACE = "iris-failover";
  static final String ADMIN_KEY = "iris_failover_admin_key_0123456789abcdefghij";
  static final String PREFIX = "+1415777";

  /** Where the dev profile sends fail-back probes (IRIS_PROBE_<PROVIDER>_TO's default). */
  static final String PROBE_TO = "+15005550100";

  static final Duration REEVALUATION_DELAY = Duration.ofSeconds(15);
  static final Duration STEP_INTERVAL = Duration.ofSeconds(8);

  static IsolatedPlatform platform;
  static ApiClient api;
  static ApiClient sim;
  static String key;
  static WorkflowServiceStubs stubs;
  static WorkflowClient temporal;

  /** The steady traffic; every message it sent, in order, with the moment it was accepted. */
  static SteadySms traffic;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env = new HashMap<>();
    // Production switches, stated so a profile default cannot turn them off.
    env.put("IRIS_ROUTING_BY_SCORE", "true");
    env.put("IRIS_FAILOVER_BREAKER_ENABLED", "true");
    env.put("IRIS_FAILOVER_AUTOMATIC", "true");
    // Shortened windows; the breaker keeps its defaults (10 calls in 30s, over half failed).
    env.put("IRIS_HEALTH_EVALUATION_INTERVAL", "2s");
    env.put("IRIS_HEALTH_RANKING_WINDOW", "40s");
    env.put("IRIS_HEALTH_CURRENT_WINDOW", "10s");
    env.put("IRIS_HEALTH_METRICS_FLUSH_INTERVAL", "1s");
    env.put("IRIS_ROUTING_REFRESH_INTERVAL", "500ms");
    env.put("IRIS_FAILOVER_REEVALUATION_DELAY", REEVALUATION_DELAY.toSeconds() + "s");
    env.put("IRIS_FAILOVER_REEVALUATION_MAX_DELAY", "2m");
    env.put("IRIS_FAILBACK_CHECK_INTERVAL", "2s");
    env.put("IRIS_FAILBACK_STEP_INTERVAL", STEP_INTERVAL.toSeconds() + "s");
    env.put("IRIS_SEND_RECEIPT_TIMEOUT_SMS", "20s");
    env.put("IRIS_SEND_OUTBOX_SWEEP_INTERVAL", "1s");
    platform = IsolatedPlatform.start("failover", NAMESPACE, ADMIN_KEY, env);
    api = platform.api;
    sim = platform.sim;
    Response tenant =
        api.post("/v1/tenants", ADMIN_KEY, "{\"name\":\"failover-" + UUID.randomUUID() + "\"}");
    assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
    key = tenant.json().get("apiKey").asText();
    traffic = new SteadySms(api, key, PREFIX, "failover");
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(RealTemporal.target()).build());
    temporal =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (stubs != null) {
      stubs.shutdown();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void givenSteadyTraffic_whenThePrimaryFailsAndRecovers_itShouldFailOverAndBackLosingNothing()
      throws Exception {
    for (String p : FaultE2EIT.SMS_PROVIDERS) {
      FaultE2EIT.behave(sim, p, "{\"failureRate\":0,\"latencyMs\":0,\"receipt\":\"delivered\"}");
    }
    traffic.start(5);
    String primary;
    Instant t0;
    Instant failedOverAt;
    List<Integer> weightsSeen = new ArrayList<>();
    try {
      // Warm-up: the health evaluation scores what the traffic did (the first evaluations may
      // find no figures yet: a score with a delivery part says the primary's traffic counted).
      primary = SteadySms.scoredPrimary(api, ADMIN_KEY);
      System.out.println("[failover] routing before the outage: " + routing());

      FaultE2EIT.behave(sim, primary, "{\"failureRate\":1}");
      t0 = Instant.now();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> "failed_over".equals(status(primary)));
      failedOverAt = Instant.now();
      System.out.printf(
          "[failover] %s failed over %d ms after it began failing%n",
          primary, Duration.between(t0, failedOverAt).toMillis());
      assertThat(firstProvider(routing())).isNotEqualTo(primary);
      JsonNode providers = api.get("/v1/providers?channel=sms", ADMIN_KEY).json();
      assertThat(providers.toString()).contains("failed_over");

      Thread.sleep(Math.max(0, 20_000 - Duration.between(t0, Instant.now()).toMillis()));
      FaultE2EIT.behave(sim, primary, "{\"failureRate\":0,\"latencyMs\":0}");

      // Fail-back: after the re-evaluation delay and the healthy checks, 10 → 50 → 100, then
      // healthy. The weights are watched as the router shows them.
      Instant deadline = Instant.now().plus(REEVALUATION_DELAY).plus(Duration.ofSeconds(90));
      while (Instant.now().isBefore(deadline)) {
        JsonNode p = entry(routing(), primary);
        int w = p.get("weight").asInt();
        if (weightsSeen.isEmpty() || weightsSeen.get(weightsSeen.size() - 1) != w) {
          weightsSeen.add(w);
          System.out.printf("[failover] %s at %s: weight %d, %s%n", primary, Instant.now(), w, p);
        }
        if (w == 100 && "healthy".equals(p.get("status").asText())) {
          break;
        }
        Thread.sleep(250);
      }
    } finally {
      traffic.stop();
    }
    assertThat(weightsSeen).as("weights of " + primary).containsSubsequence(0, 10, 50, 100);
    assertThat(weightsSeen)
        .as("never back down without a flap")
        .isSortedAccordingTo(Integer::compare);
    assertThat(status(primary)).isEqualTo("healthy");

    // No message created once the failover had reached the senders (one refresh later) was
    // routed to the failed provider first.
    Instant settled = failedOverAt.plusSeconds(1);
    Instant restored = t0.plusSeconds(20);
    List<SteadySms.Sent> all = new ArrayList<>(traffic.sent);
    int checked = 0;
    for (SteadySms.Sent s : all) {
      JsonNode m = FaultE2EIT.awaitFinal(api, key, s.id(), Duration.ofMinutes(2));
      assertThat(m.get("status").asText()).as(m.toString()).isEqualTo("delivered");
      if (s.at().isAfter(settled) && s.at().isBefore(restored)) {
        String route = routeOf(m);
        assertThat(route).as("route of %s sent at %s", s.id(), s.at()).doesNotStartWith(primary);
        checked++;
      }
    }
    assertThat(checked).as("messages sent while the primary was failed over").isGreaterThan(20);
    FaultE2EIT.assertDeliveredOnce(sim, all.stream().map(SteadySms.Sent::to).toList(), PREFIX);

    // The fail-back checks probed it: one synthetic send per check (the dev profile's probe
    // recipient), the first ones refused while it still failed, then taken.
    int probes = 0;
    for (JsonNode m : FaultE2EIT.json(sim.get("/sim/" + primary + "/messages", null))) {
      if (PROBE_TO.equals(m.get("to").asText())) {
        probes++;
      }
    }
    assertThat(probes).as("probes %s took", primary).isGreaterThanOrEqualTo(3);

    JsonNode audit = api.get("/v1/audit-logs?limit=1000", ADMIN_KEY).json();
    Map<String, Integer> actions = new LinkedHashMap<>();
    for (JsonNode row : audit) {
      if (row.toString().contains(primary) && row.get("action").asText().startsWith("provider.")) {
        actions.merge(row.get("action").asText(), 1, Integer::sum);
      }
    }
    System.out.println("[failover] audit of " + primary + ": " + actions);
    assertThat(actions.get("provider.failover")).isEqualTo(1);
    assertThat(actions.get("provider.failback.step")).isEqualTo(3);
    assertThat(actions.get("provider.failback")).isEqualTo(1);
    System.out.printf(
        "[failover] %d messages, all delivered once; weights seen %s%n", all.size(), weightsSeen);
  }

  @Test
  @Order(2)
  void givenARecoveringProvider_whenItFailsAgain_itShouldFlapBackToZeroAndWaitTwiceAsLong()
      throws Exception {
    String provider = "plivo";
    Response failover =
        api.post(
            "/v1/providers/" + provider + "/failover",
            ADMIN_KEY,
            "{\"channel\":\"sms\",\"reason\":\"flap test: first failover\"}");
    assertThat(failover.status()).as(failover.body()).isEqualTo(202);
    String workflowId = failover.json().get("workflowId").asText();
    assertThat(workflowId).isEqualTo("failover-sms-" + provider);
    WorkflowStub stub = temporal.newUntypedWorkflowStub(workflowId);

    await()
        .atMost(REEVALUATION_DELAY.plusSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> "recovering".equals(status(provider)));
    JsonNode recovering = stub.query("state", JsonNode.class);
    assertThat(recovering.get("weight").asInt()).isEqualTo(10);
    assertThat(recovering.get("flaps").asInt()).isZero();

    Response again =
        api.post(
            "/v1/providers/" + provider + "/failover",
            ADMIN_KEY,
            "{\"channel\":\"sms\",\"reason\":\"flap test: fails again while recovering\"}");
    assertThat(again.status()).as(again.body()).isEqualTo(202);
    // Marked again and drained: it rests before its next check.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode s = stub.query("state", JsonNode.class);
              return s.get("flaps").asInt() == 1 && "WAITING".equals(s.get("phase").asText());
            });
    JsonNode flapped = stub.query("state", JsonNode.class);
    System.out.println("[failover] after the flap: " + flapped);
    assertThat(flapped.get("weight").asInt()).isZero();
    // The senders see it within a routing refresh.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> entry(routing(), provider).get("weight").asInt() == 0);
    assertThat(status(provider)).isEqualTo("failed_over");
    long waitMs = flapped.get("nextCheckAtMillis").asLong() - flapped.get("sinceMillis").asLong();
    assertThat(waitMs)
        .as("the wait before the next check after one flap")
        .isGreaterThanOrEqualTo(2 * REEVALUATION_DELAY.toMillis() - 1_000);

    stub.signal("cancel", "flap test over");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> "healthy".equals(status(provider)));
    assertThat(entry(routing(), provider).get("weight").asInt()).isEqualTo(100);
  }

  // --- helpers ---

  static JsonNode routing() {
    return SteadySms.routing(api, ADMIN_KEY);
  }

  static String firstProvider(JsonNode routing) {
    return routing.get("providers").get(0).get("name").asText();
  }

  static JsonNode entry(JsonNode routing, String provider) {
    for (JsonNode p : routing.get("providers")) {
      if (p.get("name").asText().equals(provider)) {
        return p;
      }
    }
    throw new AssertionError(provider + " is not in " + routing);
  }

  static String status(String provider) {
    for (JsonNode p : api.get("/v1/providers?channel=sms", ADMIN_KEY).json()) {
      if (p.get("name").asText().equals(provider)) {
        return p.get("status").asText();
      }
    }
    throw new AssertionError(provider + " is not listed");
  }

  /** The planned route the message's timeline shows ("telnyx → twilio → plivo (reason)"). */
  static String routeOf(JsonNode message) {
    for (JsonNode e : message.get("timeline")) {
      if ("route".equals(e.get("event").asText())) {
        return e.get("detail").asText();
      }
    }
    throw new AssertionError("no route in " + message);
  }
}
