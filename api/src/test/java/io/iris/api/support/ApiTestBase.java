package io.iris.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.IrisApplication;
import io.temporal.client.WorkflowClient;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port, against the real PostgreSQL test database and Temporal's
 * in-process server. Test classes share one context, so each test makes its own uniquely named
 * tenants rather than relying on an empty database.
 */
@SpringBootTest(
    classes = IrisApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"dev", "test"})
@AutoConfigureObservability
@Import(ApiTestBase.Clocks.class)
public abstract class ApiTestBase {

  /** The bootstrap admin key of application-test.yml. */
  protected static final String ADMIN_KEY = "iris_test_bootstrap_admin_key_0123456789";

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }

    /** Workflow starts a test can fail or hold per recipient (one context for every class). */
    @Bean
    @Primary
    ScriptedSendWorkflows scriptedSendWorkflows(
        WorkflowClient client,
        @Value("${iris.temporal.workers-enabled}") boolean workersHere,
        @Value("${iris.temporal.eager-start}") boolean eagerStart) {
      return new ScriptedSendWorkflows(client, workersHere, eagerStart);
    }
  }

  @Value("${local.server.port}")
  protected int port;

  protected ApiClient api() {
    return new ApiClient(port);
  }

  /** Posts an Alertmanager webhook body with the test profile's bearer token. */
  protected ApiClient.Response postAlertmanager(String body) {
    return api()
        .sendWithHeader(
            "POST",
            "/v1/alerts/alertmanager",
            null,
            "Authorization",
            "Bearer test-alertmanager-token",
            body);
  }

  /** The Slack signing secret application-test.yml sets. */
  protected static final String SLACK_SECRET = "iris-test-slack-signing-secret-not-real";

  /** Posts a form body to Slack's interactivity endpoint with the given signature headers. */
  protected ApiClient.Response slackInteraction(String body, String signature, String ts)
      throws java.io.IOException, InterruptedException {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/webhooks/slack/interactions"))
            .timeout(java.time.Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", signature)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build();
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    return new ApiClient.Response(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
  }

  /** Posts an interactivity payload signed as Slack signs it, at {@code epochSecond}. */
  protected ApiClient.Response signedSlackInteraction(String payloadJson, long epochSecond)
      throws java.io.IOException, InterruptedException {
    String body =
        "payload="
            + java.net.URLEncoder.encode(payloadJson, java.nio.charset.StandardCharsets.UTF_8);
    String ts = Long.toString(epochSecond);
    return slackInteraction(
        body,
        io.iris.integrations.slack.SlackSignature.sign(
            SLACK_SECRET, ts, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        ts);
  }

  protected static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /** Creates a tenant with the admin key; returns the response body. */
  protected JsonNode createTenant(String name) {
    ApiClient.Response created =
        api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  /** An RFC 9457 body with the status, and nothing internal in it. */
  protected static void assertProblem(ApiClient.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.json().hasNonNull("title")).isTrue();
    assertThat(r.json().get("type").asText()).startsWith("https://iris.dev/problems/");
    assertThat(r.body())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContainIgnoringCase("trace");
  }
}
