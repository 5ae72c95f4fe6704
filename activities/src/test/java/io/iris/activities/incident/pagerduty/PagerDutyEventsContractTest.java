package io.iris.activities.incident.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.incident.IncidentLinks;
import io.iris.integrations.pagerduty.PagerDutyEventsClients;
import io.iris.integrations.pagerduty.PagerDutySettings;
import io.iris.integrations.spi.PublicBaseUrlSettings;
import io.iris.integrations.spi.SelfUrls;
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The real {@code pagerduty-client} against a local fake of the Events API v2 ({@link
 * FakePagerDutyEvents}): the exact events it sends for an incident, and what each kind of answer
 * becomes for Temporal.
 */
class PagerDutyEventsContractTest {

  private static final String ROUTING_KEY = "R0UT1NGK3Y0123456789abcdefABCDEF";
  private static final String OPENED_AT = "2026-03-01T10:15:30.123Z";
  private static final Duration RATE_LIMIT_DELAY = Duration.ofSeconds(45);

  private final ObjectMapper json = new ObjectMapper();
  private final FakePagerDutyEvents fake = new FakePagerDutyEvents();
  private final PagerDutyEventsClients clients =
      new PagerDutyEventsClients(Duration.ofSeconds(2), Duration.ofSeconds(5));
  private MockWebServer server;

  @BeforeEach
  void startFakePagerDuty() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(fake);
    server.start();
  }

  @AfterEach
  void stopFakePagerDuty() throws IOException {
    server.shutdown();
  }

  /** Activities posting to the fake; its URL names this "process's" port, as in development. */
  private PagerDutyActivitiesImpl activities(String routingKey) {
    PagerDutySettings settings =
        new PagerDutySettings(
            "http://localhost:{local-port}" + FakePagerDutyEvents.PATH,
            routingKey,
            "",
            "iris-test",
            RATE_LIMIT_DELAY);
    SelfUrls selfUrls =
        new SelfUrls(
            new MockEnvironment()
                .withProperty("local.server.port", String.valueOf(server.getPort())));
    IncidentLinks links =
        new IncidentLinks(
            new PublicBaseUrlSettings("https://iris.example.com/"),
            selfUrls,
            "http://temporal.example:8233/",
            "iris-ns");
    return new PagerDutyActivitiesImpl(settings, clients, links, selfUrls);
  }

  private PagerDutyActivitiesImpl activities() {
    return activities(ROUTING_KEY);
  }

  private static IncidentSnapshot incident(String id, Severity severity, String title) {
    return new IncidentSnapshot(
        id,
        title,
        severity,
        IncidentStatus.ESCALATED,
        "sms-gateway",
        "Twilio error rate above 20% for 5 minutes",
        1,
        "",
        "",
        "https://ignored.example.com/v1/incidents/" + id,
        "incident-" + id,
        Instant.parse(OPENED_AT).toEpochMilli());
  }

  private static IncidentSnapshot incident(String id) {
    return incident(id, Severity.CRITICAL, "SMS delivery failing");
  }

  @Test
  void givenAnIncident_whenTriggered_itShouldSendTheDocumentedTriggerEvent() throws Exception {
    activities().trigger(incident("inc-1"));

    assertThat(fake.received()).hasSize(1);
    JsonNode expected =
        json.readTree(
            """
            {
              "routing_key": "R0UT1NGK3Y0123456789abcdefABCDEF",
              "event_action": "trigger",
              "dedup_key": "inc-1",
              "payload": {
                "summary": "SMS delivery failing",
                "source": "iris-test",
                "severity": "critical",
                "timestamp": "2026-03-01T10:15:30.123Z",
                "component": "sms-gateway",
                "group": null,
                "class": "incident",
                "custom_details": {
                  "incident_id": "inc-1",
                  "status": "escalated",
                  "severity": "critical",
                  "escalation_level": 1,
                  "description": "Twilio error rate above 20% for 5 minutes",
                  "workflow_id": "incident-inc-1"
                }
              },
              "links": [
                {"href": "https://iris.example.com/v1/incidents/inc-1", "text": "Incident in IRIS"},
                {
                  "href": "http://temporal.example:8233/namespaces/iris-ns/workflows/incident-inc-1",
                  "text": "Incident workflow in Temporal"
                }
              ],
              "client": "IRIS Command Center",
              "client_url": "https://iris.example.com/v1/incidents/inc-1"
            }
            """);
    assertThat(fake.received().get(0)).isEqualTo(expected);
    RecordedRequestAssert.singleRequest(server);
  }

  @Test
  void givenEachSeverity_whenTriggered_itShouldSendPagerDutysSeverity() {
    PagerDutyActivitiesImpl activities = activities();
    activities.trigger(incident("sev-c", Severity.CRITICAL, "t"));
    activities.trigger(incident("sev-h", Severity.HIGH, "t"));
    activities.trigger(incident("sev-m", Severity.MEDIUM, "t"));
    activities.trigger(incident("sev-l", Severity.LOW, "t"));

    assertThat(fake.received())
        .extracting(event -> event.at("/payload/severity").asText())
        .containsExactly("critical", "error", "warning", "info");
  }

  @Test
  void givenALongTitle_whenTriggered_itShouldCutTheSummaryToPagerDutysLimit() {
    activities().trigger(incident("inc-long", Severity.HIGH, "x".repeat(5000)));

    String summary = fake.received().get(0).at("/payload/summary").asText();
    assertThat(summary).hasSize(1024).startsWith("xxxx").endsWith("…");
  }

  @Test
  void givenATriggeredIncident_whenAcknowledgedAndResolved_itShouldUseTheSameKeys() {
    PagerDutyActivitiesImpl activities = activities();
    IncidentSnapshot incident = incident("inc-2");

    activities.trigger(incident);
    activities.acknowledge(incident);
    activities.resolve(incident);

    assertThat(fake.received())
        .extracting(event -> event.get("event_action").asText())
        .containsExactly("trigger", "acknowledge", "resolve");
    assertThat(fake.received())
        .allSatisfy(
            event -> {
              assertThat(event.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
              assertThat(event.get("dedup_key").asText()).isEqualTo("inc-2");
            });
    // Acknowledge and resolve name the alert only; the library adds a placeholder payload that
    // PagerDuty ignores for them, and no links.
    assertThat(fake.received().subList(1, 3))
        .allSatisfy(
            event -> {
              assertThat(event.has("links")).isFalse();
              assertThat(event.has("client")).isFalse();
            });
  }

  @Test
  void givenAnInvalidEvent_whenPagerDutyAnswers400_itShouldFailWithoutRetrying() {
    // 31 characters: the fake, like PagerDuty, refuses the event.
    String wrongKey = ROUTING_KEY.substring(1);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities(wrongKey).trigger(incident("inc-3")));

    assertThat(failure.getType()).isEqualTo(PagerDutyFailures.REJECTED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("inc-3")
        .contains("invalid event")
        .contains("Length of 'routing_key' is incorrect")
        .doesNotContain(wrongKey);
    assertThat(fake.received()).hasSize(1);
  }

  @Test
  void givenRateLimiting_whenPagerDutyAnswers429_itShouldRetryAfterTheRateLimitDelay() {
    fake.answerNext(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Content-Type", "application/json")
            .setBody(
                "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly.\"}"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities().acknowledge(incident("inc-4")));

    assertThat(failure.getType()).isEqualTo(PagerDutyFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(RATE_LIMIT_DELAY);
    assertThat(failure.getOriginalMessage()).contains("HTTP 429").doesNotContain(ROUTING_KEY);
    // The library did not sleep and retry by itself: one request, one answer.
    assertThat(fake.received()).hasSize(1);
  }

  @Test
  void givenAServerError_whenPagerDutyAnswers500_itShouldFailRetryably() {
    fake.answerNext(new MockResponse().setResponseCode(500).setBody(""));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities().resolve(incident("inc-5")));

    assertThat(failure.getType()).isEqualTo(PagerDutyFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isNull();
    assertThat(failure.getOriginalMessage()).contains("HTTP 500");
    assertThat(fake.received()).hasSize(1);
  }

  @Test
  void givenAnUnavailableGateway_whenItAnswersAnHtmlPage_itShouldFailRetryably() {
    fake.answerNext(
        new MockResponse()
            .setResponseCode(503)
            .setHeader("Content-Type", "text/html")
            .setBody("<html><body>Service Unavailable</body></html>"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities().trigger(incident("inc-6")));

    assertThat(failure.getType()).isEqualTo(PagerDutyFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void givenADroppedConnection_whenTriggering_itShouldFailRetryably() {
    fake.answerNext(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    fake.answerNext(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities().trigger(incident("inc-7")));

    assertThat(failure.getType()).isEqualTo(PagerDutyFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("inc-7").contains("no usable answer");
  }

  @Test
  void givenARetriedTrigger_whenPagerDutyIsBack_itShouldSucceedWithTheSameDedupKey() {
    fake.answerNext(new MockResponse().setResponseCode(502).setBody("{}"));
    PagerDutyActivitiesImpl activities = activities();
    IncidentSnapshot incident = incident("inc-8");

    catchThrowableOfType(ApplicationFailure.class, () -> activities.trigger(incident));
    activities.trigger(incident);

    assertThat(fake.received())
        .hasSize(2)
        .allSatisfy(event -> assertThat(event.get("dedup_key").asText()).isEqualTo("inc-8"));
  }

  @Test
  void givenNoRoutingKey_whenTriggering_itShouldFailWithoutRetryingAndNameTheSetting() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities("").trigger(incident("inc-9")));

    assertThat(failure.getType()).isEqualTo(PagerDutyFailures.NOT_CONFIGURED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("iris.pagerduty.routing-key");
    assertThat(server.getRequestCount()).isZero();
  }

  /** What the real client puts on the wire besides the body. */
  private static final class RecordedRequestAssert {
    static void singleRequest(MockWebServer server) throws InterruptedException {
      var request = server.takeRequest();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getPath()).isEqualTo(FakePagerDutyEvents.PATH);
      assertThat(request.getHeader("Content-Type")).startsWith("application/json");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }
}
