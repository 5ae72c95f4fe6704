package io.iris.api.devprofile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.faults.AppProcess;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiTestBase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The defect of issue 8: with the dev profile on, an operator's {@code IRIS_SLACK_*} variables were
 * silently replaced by the profile's simulator values. Here they point at a Slack-compatible server
 * of their own (the simulator's Slack, as a separate process with its own bot token and signing
 * secret): an incident's message must reach that server, not the in-process simulator, and a click
 * signed with the configured secret must be accepted while one signed with the simulator's secret
 * is refused.
 */
class OperatorSlackIT extends ApiTestBase {

  static final String TOKEN = "xoxb-operator-token-not-the-simulators";
  static final String SECRET = "operator-signing-secret-not-the-simulators";
  static final String CHANNEL = "C0OPERATOR";

  static AppProcess slack;
  static ApiClient slackApi;

  /** Variables as the operator sets them (a property source above the profile files). */
  @DynamicPropertySource
  static void operatorSlack(DynamicPropertyRegistry registry) throws Exception {
    int platformPort = AppProcess.freePort();
    int slackPort = AppProcess.freePort();
    slack =
        AppProcess.simulator(
            Map.of(
                "IRIS_SLACK_BOT_TOKEN",
                TOKEN,
                "IRIS_SLACK_SIGNING_SECRET",
                SECRET,
                "IRIS_SIMULATOR_PLATFORM_URL",
                "http://localhost:" + platformPort,
                "IRIS_SIMULATOR_DIR",
                Path.of("target", "operator-slack").toAbsolutePath().toString()),
            "operator-slack",
            slackPort);
    slackApi = new ApiClient(slackPort);
    registry.add("server.port", () -> platformPort);
    registry.add("IRIS_SLACK_API_URL", () -> "http://localhost:" + slackPort + "/sim/slack/api/");
    registry.add("IRIS_SLACK_BOT_TOKEN", () -> TOKEN);
    registry.add("IRIS_SLACK_SIGNING_SECRET", () -> SECRET);
    registry.add("IRIS_SLACK_CHANNEL", () -> CHANNEL);
  }

  @AfterAll
  static void stopSlack() throws Exception {
    if (slack != null) {
      slack.close();
    }
  }

  @Test
  void givenIrisSlackVariables_whenAnIncidentOpens_itsMessageAndClicksShouldUseThatSlack()
      throws Exception {
    String title = "operator slack " + UUID.randomUUID();
    ApiClient.Response opened =
        api()
            .post(
                "/v1/incidents",
                ADMIN_KEY,
                "{\"title\":\"" + title + "\",\"severity\":\"high\",\"service\":\"checkout\"}");
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    String id = opened.json().get("id").asText();

    // The message reaches the operator's Slack, in the operator's channel, with the operator's
    // token (that server refuses any other) ...
    JsonNode message =
        await("the incident's message in the operator's Slack")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> messageWith(slackApi, title), m -> m != null);
    assertThat(message.get("channel").asText()).isEqualTo(CHANNEL);
    // ... and not the simulator inside the platform.
    assertThat(messageWith(api(), title)).isNull();

    // A click in that Slack is signed with the configured secret: the platform takes it.
    ApiClient.Response click =
        slackApi.post(
            "/sim/slack/click",
            null,
            "{\"ts\":\""
                + message.get("ts").asText()
                + "\",\"actionId\":\"incident_acknowledge\",\"userId\":\"U0OPERATOR\","
                + "\"userName\":\"grace\"}");
    assertThat(click.status()).as(click.body()).isEqualTo(200);
    assertThat(click.json().get("webhookStatus").asInt()).as(click.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                api()
                    .get("/v1/incidents/" + id, ADMIN_KEY)
                    .json()
                    .get("status")
                    .asText()
                    .equals("acknowledged"));

    // The same click signed with the simulator's secrets (the dev profile's, the test profile's)
    // is refused: the configured secret is the only one.
    String form =
        "payload="
            + URLEncoder.encode(click.json().get("payload").toString(), StandardCharsets.UTF_8);
    for (String simulatorSecret :
        new String[] {
          "simulator-slack-signing-secret-not-a-secret", "iris-test-slack-signing-secret-not-real"
        }) {
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/webhooks/slack/interactions"))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("X-Slack-Request-Timestamp", timestamp)
                      .header("X-Slack-Signature", v0(simulatorSecret, timestamp, form))
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isIn(401, 403);
    }
  }

  private static JsonNode messageWith(ApiClient client, String title) {
    for (JsonNode m : client.get("/sim/slack/messages", null).json()) {
      if (m.path("threadTs").asText().isEmpty() && m.toString().contains(title)) {
        return m;
      }
    }
    return null;
  }

  /** Slack's v0 signature, written here apart from both the webhook's and the simulator's. */
  private static String v0(String secret, String timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
    return "v0=" + HexFormat.of().formatHex(digest);
  }
}
