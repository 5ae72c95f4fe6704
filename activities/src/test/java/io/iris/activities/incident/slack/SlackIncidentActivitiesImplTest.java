package io.iris.activities.incident.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.incident.IncidentLinks;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.integrations.spi.PublicBaseUrlSettings;
import io.iris.integrations.spi.SelfUrls;
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.incident.SlackMessageRef;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/** The real slack-api-client against a fake Slack Web API on a local port. */
class SlackIncidentActivitiesImplTest {

  private static final String TOKEN = "xoxb-incident-test-secret";
  private static final String CHANNEL = "C0INCIDENTS";
  private static final String TS = "1772366400.000100";
  private static final String INCIDENT_ID = "7d7c1f0e-2a8b-4c1e-9f57-5b7f3b0f4a11";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private SlackWebClients clients;
  private MockEnvironment environment;

  @BeforeEach
  void startFakeSlack() throws IOException {
    server = new MockWebServer();
    server.start();
    environment =
        new MockEnvironment().withProperty("local.server.port", Integer.toString(server.getPort()));
    OkHttpClient base =
        new OkHttpClient.Builder()
            .readTimeout(Duration.ofMillis(750))
            .followRedirects(false)
            .build();
    clients = new SlackWebClients(new SelfUrls(environment), base);
  }

  @AfterEach
  void stopFakeSlack() throws IOException {
    clients.destroy();
    server.shutdown();
  }

  private SlackIncidentActivitiesImpl activities() {
    return activities(TOKEN, CHANNEL);
  }

  private SlackIncidentActivitiesImpl activities(String token, String channel) {
    SlackIncidentSettings settings =
        new SlackIncidentSettings("signing-secret", channel, Duration.ofMinutes(5));
    SlackConnection connection = new SlackConnection("http://localhost:{local-port}/api/", token);
    IncidentLinks links =
        new IncidentLinks(
            new PublicBaseUrlSettings("https://iris.example.com"),
            new SelfUrls(environment),
            "http://temporal-ui.test:8233",
            "iris");
    return new SlackIncidentActivitiesImpl(
        settings, connection, clients, links, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static IncidentSnapshot incident(IncidentStatus status, String ackBy, String resolvedBy) {
    return new IncidentSnapshot(
        INCIDENT_ID,
        "Delivery rate <95% on sms",
        Severity.CRITICAL,
        status,
        "sms-send",
        "Twilio delivery dropped to 81% in 5 minutes",
        1,
        ackBy,
        resolvedBy,
        "/v1/incidents/" + INCIDENT_ID,
        "incident-" + INCIDENT_ID,
        NOW.toEpochMilli());
  }

  private static IncidentSnapshot open() {
    return incident(IncidentStatus.OPEN, "", "");
  }

  private void answer(int status, String body) {
    server.enqueue(
        new MockResponse()
            .setResponseCode(status)
            .setHeader("Content-Type", "application/json")
            .setBody(body));
  }

  private static String posted() {
    return "{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"" + TS + "\"}";
  }

  private RecordedRequest request() throws InterruptedException {
    RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
    assertThat(request).as("a call to Slack").isNotNull();
    return request;
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBody().clone().readUtf8().split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  private static List<JsonNode> buttons(JsonNode blocks) {
    List<JsonNode> buttons = new ArrayList<>();
    for (JsonNode block : blocks) {
      if ("actions".equals(block.path("type").asText())) {
        block.path("elements").forEach(buttons::add);
      }
    }
    return buttons;
  }

  private static List<String> actionIds(JsonNode blocks) {
    return buttons(blocks).stream().map(b -> b.path("action_id").asText()).toList();
  }

  private static ApplicationFailure failure(ThrowingCallable call) {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, call);
    assertThat(failure).as("an ApplicationFailure").isNotNull();
    assertThat(failure.getMessage()).doesNotContain(TOKEN);
    return failure;
  }

  @Test
  void givenAnOpenIncident_whenPosting_itShouldPostBlocksWithTheThreeButtonsAndReturnTheRef()
      throws Exception {
    answer(200, posted());

    SlackMessageRef ref = activities().postIncident(open());

    assertThat(ref).isEqualTo(new SlackMessageRef(CHANNEL, TS));
    RecordedRequest request = request();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/api/chat.postMessage");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    Map<String, String> form = form(request);
    assertThat(form)
        .containsEntry("channel", CHANNEL)
        .doesNotContainKey("thread_ts")
        .doesNotContainKey("token");
    assertThat(form.get("text"))
        .isEqualTo("[CRITICAL] Delivery rate &lt;95% on sms (sms-send) is open");

    JsonNode blocks = JSON.readTree(form.get("blocks"));
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("text").asText())
        .contains("CRITICAL")
        .contains("Delivery rate <95% on sms");
    String all = blocks.toString();
    assertThat(all)
        .contains("*Severity*\\nCritical")
        .contains("*Status*\\nOpen")
        .contains("*Service*\\nsms-send")
        .contains("*Escalation level*\\n1")
        .contains("<https://iris.example.com/v1/incidents/" + INCIDENT_ID + "|Incident ")
        .contains(
            "<http://temporal-ui.test:8233/namespaces/iris/workflows/incident-"
                + INCIDENT_ID
                + "|Workflow ");

    List<JsonNode> buttons = buttons(blocks);
    assertThat(actionIds(blocks))
        .containsExactly("incident_acknowledge", "incident_resolve", "incident_escalate");
    assertThat(buttons)
        .allSatisfy(b -> assertThat(b.path("value").asText()).isEqualTo(INCIDENT_ID));
    assertThat(buttons).allSatisfy(b -> assertThat(b.path("type").asText()).isEqualTo("button"));
    assertThat(buttons.get(0).path("style").asText()).isEqualTo("primary");
    assertThat(buttons.get(1).has("style")).isFalse();
    assertThat(buttons.get(2).path("style").asText()).isEqualTo("danger");
  }

  @Test
  void givenAnAcknowledgedIncident_whenUpdating_itShouldCallChatUpdateWithoutAcknowledge()
      throws Exception {
    answer(200, posted());

    activities()
        .updateIncident(
            new SlackMessageRef(CHANNEL, TS),
            incident(IncidentStatus.ACKNOWLEDGED, "U123 (ada)", ""));

    RecordedRequest request = request();
    assertThat(request.getPath()).isEqualTo("/api/chat.update");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    Map<String, String> form = form(request);
    assertThat(form).containsEntry("channel", CHANNEL).containsEntry("ts", TS);
    JsonNode blocks = JSON.readTree(form.get("blocks"));
    assertThat(actionIds(blocks)).containsExactly("incident_resolve", "incident_escalate");
    assertThat(blocks.toString()).contains("*Acknowledged by*\\nU123 (ada)");
  }

  @Test
  void givenAResolvedIncident_whenUpdating_itShouldShowNoButtons() throws Exception {
    answer(200, posted());

    activities()
        .updateIncident(
            new SlackMessageRef(CHANNEL, TS),
            incident(IncidentStatus.RESOLVED, "U123 (ada)", "U456 (grace)"));

    Map<String, String> form = form(request());
    JsonNode blocks = JSON.readTree(form.get("blocks"));
    assertThat(actionIds(blocks)).isEmpty();
    assertThat(blocks.toString())
        .doesNotContain("\"actions\"")
        .contains("*Resolved by*\\nU456 (grace)")
        .contains("*Status*\\nResolved");
    assertThat(form.get("text")).endsWith("is resolved");
  }

  @Test
  void givenAMessage_whenPostingToItsThread_itShouldPostWithThreadTs() throws Exception {
    answer(200, "{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"1772366401.000200\"}");

    activities().postToThread(new SlackMessageRef(CHANNEL, TS), "Escalated to level 2");

    RecordedRequest request = request();
    assertThat(request.getPath()).isEqualTo("/api/chat.postMessage");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(form(request))
        .containsEntry("channel", CHANNEL)
        .containsEntry("thread_ts", TS)
        .containsEntry("text", "Escalated to level 2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "invalid_auth",
        "not_authed",
        "channel_not_found",
        "not_in_channel",
        "msg_too_long"
      })
  void givenOkFalse_whenPosting_itShouldBeANonRetryableRejectionNamingTheError(String error) {
    answer(200, "{\"ok\":false,\"error\":\"" + error + "\"}");

    ApplicationFailure failure = failure(() -> activities().postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_REJECTED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(error);
  }

  @Test
  void givenOkFalseOnUpdate_whenUpdating_itShouldBeRejected() {
    answer(200, "{\"ok\":false,\"error\":\"message_not_found\"}");

    ApplicationFailure failure =
        failure(() -> activities().updateIncident(new SlackMessageRef(CHANNEL, TS), open()));

    assertThat(failure.getType()).isEqualTo("SLACK_REJECTED");
    assertThat(failure.getOriginalMessage()).contains("chat.update").contains("message_not_found");
  }

  @Test
  void givenAnHttp429WithRetryAfter_whenPosting_itShouldBeRetryableAfterThatDelay() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "30")
            .setBody("{\"ok\":false,\"error\":\"ratelimited\"}"));

    ApplicationFailure failure = failure(() -> activities().postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_RATE_LIMITED");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void givenRatelimitedInAnOkAnswer_whenPostingToTheThread_itShouldBeRateLimited() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setHeader("Retry-After", "4")
            .setBody("{\"ok\":false,\"error\":\"ratelimited\"}"));

    ApplicationFailure failure =
        failure(() -> activities().postToThread(new SlackMessageRef(CHANNEL, TS), "note"));

    assertThat(failure.getType()).isEqualTo("SLACK_RATE_LIMITED");
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(4));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503})
  void givenAServerError_whenPosting_itShouldBeRetryableUnavailable(int status) {
    answer(status, "upstream connect error");

    ApplicationFailure failure = failure(() -> activities().postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("HTTP " + status);
  }

  @Test
  void givenNoAnswerInTime_whenPosting_itShouldBeUnavailable() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

    ApplicationFailure failure = failure(() -> activities().postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void givenSlackUnreachable_whenPosting_itShouldBeUnavailable() throws IOException {
    server.shutdown();

    ApplicationFailure failure = failure(() -> activities().postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void givenNoBotToken_whenPosting_itShouldBeNotConfiguredWithoutACall() {
    ApplicationFailure failure = failure(() -> activities("", CHANNEL).postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_NOT_CONFIGURED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("iris.providers.slack.bot-token");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenNoChannel_whenPosting_itShouldBeNotConfiguredWithoutACall() {
    ApplicationFailure failure = failure(() -> activities(TOKEN, " ").postIncident(open()));

    assertThat(failure.getType()).isEqualTo("SLACK_NOT_CONFIGURED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("iris.incidents.slack.channel");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenAnHttpDateRetryAfter_whenRead_itShouldBeTheWaitUntilThen() {
    assertThat(activities().retryAfter("Sun, 01 Mar 2026 12:00:45 GMT"))
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(activities().retryAfter("999999")).isEqualTo(Duration.ofHours(1));
    assertThat(activities().retryAfter("soon")).isNull();
  }
}
