package io.iris.api.incident.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.pagerduty.PagerDutySignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * {@code POST /webhooks/pagerduty} in the running application, with PagerDuty's webhook v3 payloads
 * signed as PagerDuty signs them (the secret is application-test.yml's).
 */
@Import(RecordingIncidentActions.Config.class)
class PagerDutyWebhookTest extends ApiTestBase {

  private static final String SECRET = "iris-test-pagerduty-webhook-secret-not-real";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Autowired RecordingIncidentActions actions;

  /** A webhook v3 delivery as PagerDuty sends one for an incident IRIS triggered. */
  private static String event(String eventType, String incidentKey, String agentSummary) {
    String agent =
        agentSummary == null
            ? "null"
            : """
              {"html_url": "https://acme.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV",
               "self": "https://api.pagerduty.com/users/PLH1HKV", "summary": "%s",
               "type": "user_reference"}"""
                .formatted(agentSummary);
    return """
        {"event": {
          "id": "%s",
          "event_type": "%s",
          "resource_type": "incident",
          "occurred_at": "2026-03-01T10:20:00.000Z",
          "agent": %s,
          "client": null,
          "data": {
            "id": "Q2A8CWNZTG2QUZ",
            "type": "incident",
            "self": "https://api.pagerduty.com/incidents/Q2A8CWNZTG2QUZ",
            "html_url": "https://acme.pagerduty.com/incidents/Q2A8CWNZTG2QUZ",
            "number": 42,
            "status": "acknowledged",
            "incident_key": "%s",
            "created_at": "2026-03-01T10:15:31Z",
            "title": "SMS delivery failing",
            "service": {"id": "PF9KMXH", "type": "service_reference", "summary": "IRIS"},
            "assignees": [{"id": "PLH1HKV", "type": "user_reference", "summary": "%s"}],
            "escalation_policy": {"id": "PIX2FQA", "type": "escalation_policy_reference"},
            "teams": [],
            "priority": null,
            "urgency": "high",
            "conference_bridge": null,
            "resolve_reason": null
          }
        }}
        """
        .formatted(
            "01" + UUID.randomUUID().toString().replace("-", "").toUpperCase(),
            eventType,
            agent,
            incidentKey,
            agentSummary);
  }

  private static String signature(String secret, String body) {
    return "v1=" + PagerDutySignature.sign(secret, body.getBytes(StandardCharsets.UTF_8));
  }

  private ApiClient.Response deliver(String body, String signatureHeader, String webhookId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + PagerDutyWebhook.PATH))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "PagerDuty-Webhook/V3.0")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signatureHeader != null) {
      request.header("X-PagerDuty-Signature", signatureHeader);
    }
    if (webhookId != null) {
      request.header("X-Webhook-Id", webhookId);
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new ApiClient.Response(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
  }

  private ApiClient.Response deliver(String body) throws IOException, InterruptedException {
    return deliver(body, signature(SECRET, body), UUID.randomUUID().toString());
  }

  private static String incidentId() {
    return UUID.randomUUID().toString();
  }

  @Test
  void givenASignedAcknowledgement_whenDelivered_itShouldAcknowledgeTheIncident() throws Exception {
    String id = incidentId();

    ApiClient.Response r = deliver(event("incident.acknowledged", id, "Jane Responder"));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(actions.forIncident(id))
        .containsExactly(
            new RecordingIncidentActions.Action("acknowledge", id, "Jane Responder", "pagerduty"));
  }

  @Test
  void givenTwoSignaturesOneStale_whenAResolutionIsDelivered_itShouldResolveTheIncident()
      throws Exception {
    String id = incidentId();
    String body = event("incident.resolved", id, "Jane Responder");
    String header = signature("the-previous-secret", body) + ", " + signature(SECRET, body);

    ApiClient.Response r = deliver(body, header, UUID.randomUUID().toString());

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(actions.forIncident(id))
        .containsExactly(
            new RecordingIncidentActions.Action("resolve", id, "Jane Responder", "pagerduty"));
  }

  @Test
  void givenNoAgent_whenDelivered_itShouldActAsPagerDuty() throws Exception {
    String id = incidentId();

    ApiClient.Response r = deliver(event("incident.resolved", id, null));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(actions.forIncident(id))
        .containsExactly(
            new RecordingIncidentActions.Action("resolve", id, "pagerduty", "pagerduty"));
  }

  @Test
  void givenATamperedBody_whenDelivered_itShouldRefuseItAndDoNothing() throws Exception {
    String id = incidentId();
    String signed = event("incident.acknowledged", id, "Jane Responder");
    String tampered = signed.replace("incident.acknowledged", "incident.resolved");

    ApiClient.Response r =
        deliver(tampered, signature(SECRET, signed), UUID.randomUUID().toString());

    assertProblem(r, 401);
    assertThat(r.header("WWW-Authenticate")).isPresent();
    assertThat(actions.forIncident(id)).isEmpty();
  }

  @Test
  void givenTheWrongSecret_whenDelivered_itShouldRefuseItAndDoNothing() throws Exception {
    String id = incidentId();
    String body = event("incident.acknowledged", id, "Jane Responder");

    ApiClient.Response r =
        deliver(body, signature("not-the-secret", body), UUID.randomUUID().toString());

    assertProblem(r, 401);
    assertThat(actions.forIncident(id)).isEmpty();
  }

  @Test
  void givenNoSignature_whenDelivered_itShouldRefuseIt() throws Exception {
    String id = incidentId();

    ApiClient.Response r =
        deliver(event("incident.acknowledged", id, "x"), null, UUID.randomUUID().toString());

    assertProblem(r, 401);
    assertThat(actions.forIncident(id)).isEmpty();
  }

  @Test
  void givenARedelivery_whenTheSameWebhookIdComesTwice_itShouldActOnce() throws Exception {
    String id = incidentId();
    String body = event("incident.acknowledged", id, "Jane Responder");
    String webhookId = UUID.randomUUID().toString();

    ApiClient.Response first = deliver(body, signature(SECRET, body), webhookId);
    ApiClient.Response again = deliver(body, signature(SECRET, body), webhookId);

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(actions.forIncident(id)).hasSize(1);
  }

  @Test
  void givenAnotherEventType_whenDelivered_itShouldAcceptAndIgnoreIt() throws Exception {
    String id = incidentId();

    ApiClient.Response annotated = deliver(event("incident.annotated", id, "Jane Responder"));
    ApiClient.Response triggered = deliver(event("incident.triggered", id, "Jane Responder"));

    assertThat(annotated.status()).isEqualTo(202);
    assertThat(triggered.status()).isEqualTo(202);
    assertThat(actions.forIncident(id)).isEmpty();
  }

  @Test
  void givenAnUnknownIncident_whenDelivered_itShouldStillAccept() throws Exception {
    String id = RecordingIncidentActions.UNKNOWN_PREFIX + incidentId();

    ApiClient.Response r = deliver(event("incident.acknowledged", id, "Jane Responder"));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(actions.forIncident(id)).hasSize(1);
  }

  @Test
  void givenAnIncidentWithoutIncidentKey_whenDelivered_itShouldAcceptAndIgnoreIt()
      throws Exception {
    String body = event("incident.acknowledged", "", "Jane Responder");

    ApiClient.Response r = deliver(body);

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(actions.forIncident("")).isEmpty();
  }

  @Test
  void givenMalformedJson_whenSigned_itShouldAnswer400() throws Exception {
    ApiClient.Response r = deliver("{\"event\": {\"event_type\": ");

    assertProblem(r, 400);
  }

  @Test
  void givenJsonThatIsNoEvent_whenSigned_itShouldAnswer400NamingTheField() throws Exception {
    ApiClient.Response r = deliver("{\"messages\": []}");

    assertProblem(r, 400);
    assertThat(r.body()).contains("event");
  }
}
