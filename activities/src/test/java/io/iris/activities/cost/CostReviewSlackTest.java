package io.iris.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.platform.OpsSlack;
import io.iris.integrations.slack.CostReviewMessage;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.integrations.spi.SelfUrls;
import io.iris.workflows.cost.CostOpportunity;
import io.iris.workflows.cost.CostOpportunity.Type;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The review of a cost opportunity through the real slack-api-client against a fake Slack Web API:
 * the buttons carry the opportunity's id, and a refusal throws (the activity is retried).
 */
class CostReviewSlackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID = "5b0c8d2e-6a4f-4d7b-9a52-1f3e2d4c5b6a";

  private MockWebServer server;
  private SlackWebClients clients;
  private OpsSlack slack;

  @BeforeEach
  void startFakeSlack() throws IOException {
    server = new MockWebServer();
    server.start();
    MockEnvironment environment =
        new MockEnvironment().withProperty("local.server.port", Integer.toString(server.getPort()));
    clients = new SlackWebClients(new SelfUrls(environment), new OkHttpClient());
    slack =
        new OpsSlack(
            new SlackIncidentSettings("secret", "C0OPS", Duration.ofMinutes(5)),
            new SlackConnection("http://localhost:{local-port}/api/", "xoxb-test"),
            clients);
  }

  @AfterEach
  void stop() throws IOException {
    clients.destroy();
    server.shutdown();
  }

  static CostOpportunity opportunity() {
    return new CostOpportunity(
        ID,
        Type.PROVIDER_SWITCH,
        "sms",
        "twilio",
        "telnyx",
        "",
        "79.000000",
        "39.000000",
        49.37,
        "minimal",
        true,
        "telnyx costs $0.004 a message against $0.0079 on twilio");
  }

  private Map<String, String> form() throws InterruptedException {
    RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBody().readUtf8().split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    fields.put("path", request.getPath());
    return fields;
  }

  @Test
  void givenAnOpportunity_whenPostedForReview_itShouldCarryApproveAndDismissWithItsId()
      throws Exception {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody("{\"ok\":true,\"channel\":\"C0OPS\",\"ts\":\"1772366400.000200\"}"));
    CostOpportunity o = opportunity();

    String where =
        slack.post(
            CostReviewMessage.text(o),
            CostReviewMessage.blocks(o, Instant.parse("2026-12-05T18:00:00Z")));

    assertThat(where).isEqualTo("slack C0OPS");
    Map<String, String> form = form();
    assertThat(form.get("path")).isEqualTo("/api/chat.postMessage");
    assertThat(form).containsEntry("channel", "C0OPS");
    assertThat(form.get("text")).contains("saving $39.000000 a day");
    JsonNode blocks = JSON.readTree(form.get("blocks"));
    assertThat(blocks.toString())
        .contains("\"action_id\":\"cost_opportunity_approve\"")
        .contains("\"action_id\":\"cost_opportunity_dismiss\"")
        .contains("\"value\":\"" + ID + "\"")
        .contains("twilio → telnyx")
        .contains("<!date^1796493600^");
  }

  @Test
  void givenSlackRefusing_whenPosted_itShouldThrowSoTheActivityIsRetried() {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody("{\"ok\":false,\"error\":\"channel_not_found\"}"));
    CostOpportunity o = opportunity();

    assertThatThrownBy(
            () -> slack.post(CostReviewMessage.text(o), CostReviewMessage.blocks(o, Instant.now())))
        .hasMessageContaining("channel_not_found");
  }
}
