package io.iris.activities.remediation.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.incident.IncidentLinks;
import io.iris.activities.incident.slack.SlackIncidentActivitiesImpl;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.integrations.spi.PublicBaseUrlSettings;
import io.iris.integrations.spi.SelfUrls;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.incident.SlackMessageRef;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.ApprovalRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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

/** The approval message through the real slack-api-client against a fake Slack Web API. */
class SlackRemediationActivitiesImplTest {

  private static final String ID =
      "remediation-7d7c1f0e-2a8b-4c1e-9f57-5b7f3b0f4a11-provider-failover";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private SlackWebClients clients;
  private SlackRemediationActivitiesImpl activities;

  @BeforeEach
  void startFakeSlack() throws IOException {
    server = new MockWebServer();
    server.start();
    MockEnvironment environment =
        new MockEnvironment().withProperty("local.server.port", Integer.toString(server.getPort()));
    clients = new SlackWebClients(new SelfUrls(environment), new OkHttpClient());
    SlackIncidentActivitiesImpl slack =
        new SlackIncidentActivitiesImpl(
            new SlackIncidentSettings("secret", "C0DEFAULT", Duration.ofMinutes(5)),
            new SlackConnection("http://localhost:{local-port}/api/", "xoxb-test"),
            clients,
            new IncidentLinks(
                new PublicBaseUrlSettings("https://iris.example.com"),
                new SelfUrls(environment),
                "",
                "iris"),
            Clock.systemUTC());
    activities = new SlackRemediationActivitiesImpl(slack);
  }

  @AfterEach
  void stop() throws IOException {
    clients.destroy();
    server.shutdown();
  }

  static ApprovalRequest request(String channel, String ts) {
    return new ApprovalRequest(
        ID,
        "7d7c1f0e-2a8b-4c1e-9f57-5b7f3b0f4a11",
        "provider-failover",
        "",
        new AnomalyRef(
            "a1",
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
            0),
        List.of("failover"),
        channel,
        ts,
        900_000);
  }

  private void ok(String ts) {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody("{\"ok\":true,\"channel\":\"C0INC\",\"ts\":\"" + ts + "\"}"));
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
  void givenAnIncidentThread_whenTheApprovalIsPosted_itShouldPostInTheThreadWithButtons()
      throws Exception {
    ok("1772366400.000200");

    SlackMessageRef ref = activities.postApproval(request("C0INC", "1772366400.000100"));

    assertThat(ref).isEqualTo(new SlackMessageRef("C0INC", "1772366400.000200"));
    Map<String, String> form = form();
    assertThat(form.get("path")).isEqualTo("/api/chat.postMessage");
    assertThat(form)
        .containsEntry("channel", "C0INC")
        .containsEntry("thread_ts", "1772366400.000100");
    JsonNode blocks = JSON.readTree(form.get("blocks"));
    assertThat(blocks.toString())
        .contains("\"action_id\":\"remediation_approve\"")
        .contains("\"action_id\":\"remediation_reject\"")
        .contains("\"value\":\"" + ID + "\"");
  }

  @Test
  void givenNoThread_whenPosted_itShouldUseTheConfiguredChannel() throws Exception {
    ok("1772366400.000300");
    activities.postApproval(request("", ""));
    Map<String, String> form = form();
    assertThat(form).containsEntry("channel", "C0DEFAULT").doesNotContainKey("thread_ts");
  }

  @Test
  void givenAnAnswer_whenUpdated_itShouldReplaceTheButtons() throws Exception {
    ok("1772366400.000200");
    activities.updateApproval(
        new SlackMessageRef("C0INC", "1772366400.000200"), request("C0INC", "1"), "rejected");
    Map<String, String> form = form();
    assertThat(form.get("path")).isEqualTo("/api/chat.update");
    assertThat(form).containsEntry("ts", "1772366400.000200");
    assertThat(form.get("blocks")).doesNotContain("remediation_approve").contains("rejected");
  }
}
