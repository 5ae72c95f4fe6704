package io.iris.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.RealTemporal;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults under traffic, end to end: the packaged application in its own process, on its own
 * PostgreSQL server (which the test stops and starts), the real Temporal dev server (a namespace of
 * its own, so no other test's worker serves these task queues) and the provider simulator in a
 * process of its own (the production jar has none: it answers 404 under /sim). What was lost or
 * sent twice is counted in the simulator, not in our own tables.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultE2EIT {

  static final String NAMESPACE = "iris-faults";
  static final String ADMIN_KEY = "iris_fault_admin_key_0123456789abcdefghijkl";
  static final Duration OUTAGE = Duration.ofSeconds(60);
  static final Duration ESCALATION = Duration.ofSeconds(20);
  static final List<String> SMS_PROVIDERS = List.of("twilio", "telnyx", "plivo");

  static IsolatedPlatform platform;
  static DisposablePostgres pg;
  static ApiClient api;
  static ApiClient sim;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("IRIS_PROVIDER_READ_TIMEOUT", "2s");
    settings.put("IRIS_SEND_AMBIGUOUS_GRACE", "20s");
    // A receipt whose callback met the outage is asked for by status poll after this.
    settings.put("IRIS_SEND_RECEIPT_TIMEOUT_SMS", "20s");
    settings.put("IRIS_ESCALATION_TIMEOUT_CRITICAL", ESCALATION.toSeconds() + "s");
    settings.put("IRIS_DEPENDENCY_RETRY_MAX_INTERVAL", "2s");
    settings.put("IRIS_SEND_OUTBOX_SWEEP_INTERVAL", "1s");
    settings.put("IRIS_SEND_OUTBOX_GRACE", "2s");
    platform = IsolatedPlatform.start("fault", NAMESPACE, ADMIN_KEY, settings);
    pg = platform.pg;
    api = platform.api;
    sim = platform.sim;
    Response tenant =
        api.post("/v1/tenants", ADMIN_KEY, "{\"name\":\"faults-" + UUID.randomUUID() + "\"}");
    assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
    key = tenant.json().get("apiKey").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(0)
  void givenTheProductionJar_whenAskedForTheSimulator_itShouldAnswer404() {
    // The dev profile is on, yet the production jar serves no simulator: it is not in the jar.
    for (String path :
        List.of("/sim/twilio/messages", "/sim/twilio/behavior", "/sim/slack/messages")) {
      assertThat(api.get(path, null).status()).as(path).isEqualTo(404);
      assertThat(sim.get(path, null).status()).as("simulator " + path).isEqualTo(200);
    }
  }

  @Test
  @Order(1)
  void givenTrafficAndAnIncident_whenPostgresIsDownForAMinute_everyMessageShouldBeDeliveredOnce()
      throws Exception {
    behave("twilio", "{\"failureRate\":0,\"latencyMs\":0,\"receipt\":\"delivered\"}");
    Instant opened = Instant.now();
    Response incident =
        api.post(
            "/v1/incidents",
            ADMIN_KEY,
            "{\"title\":\"escalates during the outage\",\"severity\":\"critical\"}");
    assertThat(incident.status()).as(incident.body()).isEqualTo(201);
    String incidentId = incident.json().get("id").asText();

    // The incident is open and its escalation timer set (its opening page is out) before the
    // outage begins; the timer falls due in the middle of it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(sim.get("/sim/pagerduty/events", null)).toString().contains(incidentId));
    List<String> ids = sendConcurrently(40, "+1415555");
    int pagesDuringOutage = 0;
    pg.stop();
    Instant down = Instant.now();
    try {
      // While it is down: the API answers 503 problem+json with Retry-After (how fast is measured,
      // not asserted: it is printed and reported), and readiness says so.
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long started = System.nanoTime();
        Response refused =
            api.post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155559999\",\"body\":\"x\"}");
        millis.add((System.nanoTime() - started) / 1_000_000);
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isPresent();
      }
      System.out.println(
          "[fault] POST /v1/messages while PostgreSQL is down answered 503 in ms: " + millis);
      assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503);

      Thread.sleep(
          Math.max(0, OUTAGE.toMillis() - Duration.between(down, Instant.now()).toMillis()));
      // The escalation fell due during the outage: its page went out on time all the same.
      JsonNode pages = json(sim.get("/sim/pagerduty/events", null));
      System.out.println(
          "[fault] PagerDuty events for incident "
              + incidentId
              + " at the end of the outage: "
              + pages);
      for (JsonNode event : pages) {
        if (event.toString().contains(incidentId)) {
          pagesDuringOutage++;
        }
      }
    } finally {
      pg.start();
    }
    System.out.println("[fault] PostgreSQL back after " + Duration.between(down, Instant.now()));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/actuator/health/readiness", null).status() == 200);
    for (String id : ids) {
      JsonNode m = awaitFinal(id, Duration.ofMinutes(3));
      assertThat(m.get("status").asText()).as(m.toString()).isEqualTo("delivered");
    }
    assertDeliveredOnce(ids, "+1415555");
    assertThat(pagesDuringOutage)
        .as("PagerDuty pages before the database came back: the opening's and the escalation's")
        .isGreaterThanOrEqualTo(2);
    JsonNode stored = api.get("/v1/incidents/" + incidentId, ADMIN_KEY).json();
    assertThat(stored.get("timeline").toString()).contains("escalat");
    System.out.printf(
        "[fault] outage %s s: %d sends, all delivered once; incident opened %s, escalation due %s"
            + " later; timeline %s%n",
        OUTAGE.toSeconds(), ids.size(), opened, ESCALATION, stored.get("timeline"));
  }

  @Test
  @Order(2)
  void givenASlowPrimary_whoTakesEachSmsButAnswersAfterTheReadTimeout_noneShouldBeSentTwice()
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get("/actuator/health/readiness", null).status() == 200);
    // The primary as routing has it now (after the previous case it need not be the first
    // configured one).
    String primary =
        api.get("/v1/routing/sms", ADMIN_KEY).json().get("providers").get(0).get("name").asText();
    behave(primary, "{\"failureRate\":0,\"latencyMs\":3000,\"receipt\":\"delivered\"}");
    try {
      List<String> ids = sendConcurrently(6, "+1415666");
      for (String id : ids) {
        JsonNode m = awaitFinal(id, Duration.ofMinutes(2));
        assertThat(m.get("status").asText()).as(m.toString()).isEqualTo("delivered");
        assertThat(m.get("provider").asText()).as(m.toString()).isEqualTo(primary);
        assertThat(m.get("timeline").toString())
            .as("the timeline says why it did not fail over")
            .contains("proves it took the message");
      }
      assertDeliveredOnce(ids, "+1415666");
    } finally {
      behave(primary, "{\"failureRate\":0,\"latencyMs\":0,\"receipt\":\"delivered\"}");
    }
  }

  // --- helpers ---

  static List<String> sendConcurrently(int n, String prefix) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String to = prefix + String.format("%04d", i);
        futures.add(
            pool.submit(
                () -> {
                  Response r =
                      api.post(
                          "/v1/messages",
                          key,
                          "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"fault test\"}");
                  assertThat(r.status()).as(r.body()).isEqualTo(202);
                  return r.json().get("id").asText();
                }));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : futures) {
        ids.add(f.get());
      }
      return ids;
    } finally {
      pool.shutdown();
    }
  }

  /** Every recipient received exactly one copy across all SMS providers of the simulator. */
  static void assertDeliveredOnce(List<String> ids, String prefix) {
    assertDeliveredOnce(sim, ids, prefix);
  }

  /**
   * Each of {@code sends} (one per recipient under {@code prefix}) reached its recipient exactly
   * once across all SMS providers of the simulator {@code sim}.
   */
  static void assertDeliveredOnce(ApiClient sim, List<String> ids, String prefix) {
    Map<String, Integer> copies = new HashMap<>();
    for (String provider : SMS_PROVIDERS) {
      for (JsonNode m : json(sim.get("/sim/" + provider + "/messages", null))) {
        String to = m.get("to").asText();
        if (to.startsWith(prefix)) {
          copies.merge(to, 1, Integer::sum);
        }
      }
    }
    assertThat(copies).as("recipients reached").hasSize(ids.size());
    assertThat(copies.values()).as("copies per recipient").allMatch(c -> c == 1);
  }

  static JsonNode awaitFinal(String id, Duration within) {
    return awaitFinal(api, key, id, within);
  }

  /** The message once it is final (not accepted, sending or sent), read with {@code key}. */
  static JsonNode awaitFinal(ApiClient api, String key, String id, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              Response r = api.get("/v1/messages/" + id, key);
              return r.status() == 200
                  && !List.of("accepted", "sending", "sent")
                      .contains(r.json().get("status").asText());
            });
    return api.get("/v1/messages/" + id + "?include=timeline", key).json();
  }

  static void behave(String provider, String behavior) {
    behave(sim, provider, behavior);
  }

  /** Sets a simulated provider's behaviour ({@code PUT /sim/{provider}/behavior}). */
  static void behave(ApiClient sim, String provider, String behavior) {
    Response r =
        sim.send("PUT", "/sim/" + provider + "/behavior", null, "application/json", behavior);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static JsonNode json(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** Registers the namespace on the test's dev server unless it is there, and waits for it. */
  static void ensureNamespace(String namespace) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(RealTemporal.target()).build());
    try {
      try {
        stubs
            .blockingStub()
            .describeNamespace(
                DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
        return;
      } catch (io.grpc.StatusRuntimeException notThere) {
        stubs
            .blockingStub()
            .registerNamespace(
                RegisterNamespaceRequest.newBuilder()
                    .setNamespace(namespace)
                    .setWorkflowExecutionRetentionPeriod(
                        com.google.protobuf.Duration.newBuilder().setSeconds(86_400).build())
                    .build());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  stubs
                      .blockingStub()
                      .describeNamespace(
                          DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
                      .getNamespaceInfo()
                      .getName()
                      .equals(namespace));
    } finally {
      stubs.shutdown();
    }
  }
}
