package io.iris.api.incident.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.slack.SlackSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/** Signed Slack button clicks become incident actions; anything unsigned or stale is refused. */
@Import(RecordingIncidentActions.Configuration.class)
class SlackInteractionsWebhookTest extends ApiTestBase {

  /** The signing secret application-test.yml sets. */
  private static final String SECRET = "iris-test-slack-signing-secret-not-real";

  @Autowired RecordingIncidentActions actions;
  @Autowired Clock clock;

  private final HttpClient http = HttpClient.newHttpClient();

  private static String incidentId() {
    return UUID.randomUUID().toString();
  }

  /** A block_actions payload as Slack sends it (trimmed to what matters). */
  private static String click(String actionId, String incidentId, String username) {
    String user =
        username == null
            ? "{\"id\":\"U123\",\"team_id\":\"T0001\"}"
            : "{\"id\":\"U123\",\"username\":\"" + username + "\",\"team_id\":\"T0001\"}";
    return "{\"type\":\"block_actions\",\"user\":"
        + user
        + ",\"api_app_id\":\"A0001\",\"team\":{\"id\":\"T0001\"},"
        + "\"container\":{\"type\":\"message\",\"message_ts\":\"1772366400.000100\","
        + "\"channel_id\":\"C0INCIDENTS\"},\"channel\":{\"id\":\"C0INCIDENTS\"},"
        + "\"response_url\":\"https://hooks.slack.com/actions/T0001/1/abc\","
        + "\"trigger_id\":\"1.2.3\",\"actions\":[{\"type\":\"button\",\"action_id\":\""
        + actionId
        + "\",\"block_id\":\"incident_actions\",\"value\":\""
        + incidentId
        + "\",\"text\":{\"type\":\"plain_text\",\"text\":\"Click\"},"
        + "\"action_ts\":\"1772366405.123456\"}]}";
  }

  private static String form(String payloadJson) {
    return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private ApiClient.Response post(String body, String timestamp, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + SlackInteractionsWebhook.PATH))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new ApiClient.Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private ApiClient.Response signedPost(String body) {
    String ts = Long.toString(now());
    return post(body, ts, SlackSignature.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)));
  }

  private List<RecordingIncidentActions.Action> awaitActions(String incidentId, int count) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> actions.forIncident(incidentId).size() >= count);
    return actions.forIncident(incidentId);
  }

  @Test
  void givenASignedAcknowledgeClick_whenPosted_itShouldAnswer200AndAcknowledgeAsTheUser() {
    String incident = incidentId();

    ApiClient.Response r = signedPost(form(click("incident_acknowledge", incident, "ada")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(awaitActions(incident, 1))
        .containsExactly(
            new RecordingIncidentActions.Action("acknowledge", incident, "U123 (ada)", "slack"));
  }

  @ParameterizedTest
  @CsvSource({
    "incident_acknowledge, acknowledge",
    "incident_resolve, resolve",
    "incident_escalate, escalate"
  })
  void givenEachButton_whenClicked_itShouldCallTheMatchingAction(String actionId, String action) {
    String incident = incidentId();

    ApiClient.Response r = signedPost(form(click(actionId, incident, null)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(awaitActions(incident, 1))
        .containsExactly(new RecordingIncidentActions.Action(action, incident, "U123", "slack"));
  }

  @Test
  void givenATamperedBody_whenPosted_itShouldBe401AndDoNothing() {
    String incident = incidentId();
    String ts = Long.toString(now());
    String signedBody = form(click("incident_acknowledge", incident, "ada"));
    String signature = SlackSignature.sign(SECRET, ts, signedBody.getBytes(StandardCharsets.UTF_8));

    ApiClient.Response r = post(form(click("incident_resolve", incident, "ada")), ts, signature);

    assertProblem(r, 401);
    assertThat(actions.forIncident(incident)).isEmpty();
  }

  @Test
  void givenASignatureMadeWithAnotherSecret_whenPosted_itShouldBe401AndDoNothing() {
    String incident = incidentId();
    String ts = Long.toString(now());
    String body = form(click("incident_acknowledge", incident, "ada"));

    ApiClient.Response r =
        post(
            body,
            ts,
            SlackSignature.sign("not-the-secret", ts, body.getBytes(StandardCharsets.UTF_8)));

    assertProblem(r, 401);
    assertThat(actions.forIncident(incident)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"-301", "301", "-86400", "86400"})
  void givenATimestampOutsideTheTolerance_whenPosted_itShouldBe401AndDoNothing(long offset) {
    String incident = incidentId();
    String ts = Long.toString(now() + offset);
    String body = form(click("incident_escalate", incident, "ada"));

    ApiClient.Response r =
        post(body, ts, SlackSignature.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)));

    assertProblem(r, 401);
    assertThat(r.json().get("detail").asText()).contains("seconds from now");
    assertThat(actions.forIncident(incident)).isEmpty();
  }

  @Test
  void givenATimestampJustInsideTheTolerance_whenPosted_itShouldBeAccepted() {
    String incident = incidentId();
    String ts = Long.toString(now() - 290);
    String body = form(click("incident_resolve", incident, "ada"));

    ApiClient.Response r =
        post(body, ts, SlackSignature.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(awaitActions(incident, 1)).hasSize(1);
  }

  @Test
  void givenNoSignatureHeaders_whenPosted_itShouldBe401() {
    String incident = incidentId();

    ApiClient.Response r = post(form(click("incident_resolve", incident, "ada")), null, null);

    assertProblem(r, 401);
    assertThat(r.header("WWW-Authenticate")).isPresent();
    assertThat(actions.forIncident(incident)).isEmpty();
  }

  @Test
  void givenAnotherInteractionType_whenPosted_itShouldBeIgnoredWith200() {
    ApiClient.Response r =
        signedPost(form("{\"type\":\"view_submission\",\"user\":{\"id\":\"U123\"}}"));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void givenAnotherButton_whenClicked_itShouldBeIgnoredWith200() {
    String incident = incidentId();

    ApiClient.Response r = signedPost(form(click("something_else", incident, "ada")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(actions.forIncident(incident)).isEmpty();
  }

  @Test
  void givenAPayloadThatIsNotJson_whenPosted_itShouldBe400NamingThePayload() {
    ApiClient.Response r = signedPost(form("{not json"));

    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("payload");
  }

  @Test
  void givenNoPayloadField_whenPosted_itShouldBe400() {
    ApiClient.Response r = signedPost("token=abc&foo=bar");

    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("payload");
  }

  @Test
  void givenABlockActionsPayloadWithoutAUser_whenPosted_itShouldBe400() {
    ApiClient.Response r = signedPost(form("{\"type\":\"block_actions\",\"actions\":[]}"));

    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("payload.user.id");
  }

  @Test
  void givenTheSameSignedRequestTwice_whenPosted_itShouldActOnce() {
    String incident = incidentId();
    String body = form(click("incident_escalate", incident, "ada"));
    String ts = Long.toString(now());
    String signature = SlackSignature.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8));

    assertThat(post(body, ts, signature).status()).isEqualTo(200);
    assertThat(post(body, ts, signature).status()).isEqualTo(200);

    assertThat(awaitActions(incident, 1)).hasSize(1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> actions.forIncident(incident).size() == 1);
  }
}
