package io.iris.api.platform;

import static io.iris.api.platform.ContractCalls.delete;
import static io.iris.api.platform.ContractCalls.get;
import static io.iris.api.platform.ContractCalls.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.api.platform.ContractCalls.Exchange;
import io.iris.api.send.receipts.ProviderSignatures;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The OpenAPI document at /v3/api-docs against what the API really does. Every family of operations
 * is called for real, successes and each kind of error, and every exchange is validated strictly
 * against the document the app serves; the document itself is then checked for what a generated
 * client needs (real statuses and media types, problem+json errors, anchored patterns, distinct
 * schemas, no development routes).
 */
class OpenApiContractTest extends ApiTestBase {

  /** application-dev.yml's simulated Twilio account token; application-test.yml's secrets. */
  private static final String TWILIO_AUTH_TOKEN = "simulator-not-a-secret";

  private static final String SLACK_SECRET = "iris-test-slack-signing-secret-not-real";
  private static final String PAGERDUTY_SECRET = "iris-test-pagerduty-webhook-secret-not-real";
  private static final String ALERTMANAGER_TOKEN = "test-alertmanager-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestClock clock;
  @Autowired SchemaNames schemaNames;

  private final Map<String, String> tenantKeys = new LinkedHashMap<>();
  private String documentText;
  private JsonNode document;

  @BeforeEach
  void fetchTheDocument() throws Exception {
    Response docs = api().get("/v3/api-docs", null);
    assertThat(docs.status()).as(docs.body()).isEqualTo(200);
    documentText = docs.body();
    document = JSON.readTree(documentText);
  }

  @Test
  void givenLiveCallsOfEveryOperationFamily_whenValidatedStrictly_itShouldMatchTheDocument() {
    ContractCalls calls = new ContractCalls(port, documentText);

    tenantsAndKeys(calls);
    messagesAndBatches(calls);
    templatesAndSuppressions(calls);
    incidentsAndAudit(calls);
    providerWebhooks(calls);

    assertThat(calls.mismatches())
        .as(
            "exchanges that depart from /v3/api-docs (%d operations called):%n%s",
            calls.statusesSeen().size(), String.join("\n\n", calls.mismatches()))
        .isEmpty();
  }

  private void tenantsAndKeys(ContractCalls calls) {
    String name = uniqueName("contract");
    Exchange tenant = calls.send(post("/v1/tenants").key(ADMIN_KEY).json(named(name)), 201);
    String tenantId = tenant.text("/id");
    String tenantKey = tenant.text("/apiKey");
    calls.send(post("/v1/tenants").key(ADMIN_KEY).json(named(name)), 409);
    calls.send(post("/v1/tenants").key(ADMIN_KEY).json("{\"name\":\"   \"}").invalid(), 400);
    calls.send(post("/v1/tenants").key(ADMIN_KEY).json("{}").invalid(), 400);
    calls.send(post("/v1/tenants").key(ADMIN_KEY).json("{\"name\":").invalid(), 400);
    calls.send(post("/v1/tenants").key(ADMIN_KEY).body("text/plain", "acme").invalid(), 415);
    calls.send(post("/v1/tenants").key(tenantKey).json(named(uniqueName("x"))), 403);
    calls.send(
        post("/v1/tenants").key(ADMIN_KEY).json("{\"name\":\"n\",\"extra\":1}").invalid(), 400);
    // No operation takes multipart: such a Content-Type is refused as unsupported, never a 500.
    calls.send(
        post("/v1/tenants").key(ADMIN_KEY).body("multipart/form-data", named("m")).invalid(), 415);
    calls.send(get("/v1/me").key(tenantKey).header("Content-Type", "multipart/form-data"), 200);
    calls.send(get("/v1/tenants?limit=5").key(ADMIN_KEY), 200);
    calls.send(get("/v1/tenants?limit=0").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/tenants/" + tenantId).key(tenantKey), 200);
    calls.send(get("/v1/tenants/" + UUID.randomUUID()).key(ADMIN_KEY), 404);
    calls.send(get("/v1/tenants/not-a-uuid").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/tenants/" + tenantId + "/api-keys").key(ADMIN_KEY), 200);

    Exchange second =
        calls.send(
            post("/v1/tenants/" + tenantId + "/api-keys").key(ADMIN_KEY).json(named("second")),
            201);
    calls.send(get("/v1/me").key(tenantKey), 200);
    calls.send(get("/v1/me").key(ADMIN_KEY), 200);
    calls.send(get("/v1/me"), 401);
    calls.send(get("/v1/me").key("iris_not_a_key_at_all_0000000000000000"), 401);
    calls.send(get("/v1/me").header("Accept", "application/json"), 401);
    Exchange admin = calls.send(post("/v1/admin/api-keys").key(ADMIN_KEY).json(named("ops")), 201);
    calls.send(post("/v1/admin/api-keys").key(tenantKey).json(named("ops")), 403);

    String secondId = second.text("/id");
    Exchange rotated =
        calls.send(
            post("/v1/api-keys/" + secondId + "/rotate")
                .key(ADMIN_KEY)
                .json("{\"gracePeriod\":\"PT1M\"}"),
            201);
    // No body at all (the grace period is optional); a client still names the media type.
    calls.send(post("/v1/api-keys/" + secondId + "/rotate").key(ADMIN_KEY).json(""), 409);
    calls.send(delete("/v1/api-keys/" + rotated.text("/id")).key(ADMIN_KEY), 200);
    calls.send(delete("/v1/api-keys/" + admin.text("/id")).key(ADMIN_KEY), 200);
    calls.send(delete("/v1/api-keys/" + UUID.randomUUID()).key(ADMIN_KEY), 404);
    tenantKeys.put("main", tenantKey);
  }

  private void messagesAndBatches(ContractCalls calls) {
    String key = tenantKeys.get("main");
    String sms = "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hello\"}";
    String idempotencyKey = UUID.randomUUID().toString();
    Exchange accepted =
        calls.send(
            post("/v1/messages").key(key).header("Idempotency-Key", idempotencyKey).json(sms), 202);
    String id = accepted.text("/id");
    calls.send(post("/v1/messages").key(key).json(sms.replace("hello", "second")), 202);
    calls.send(
        post("/v1/messages")
            .key(key)
            .header("Idempotency-Key", idempotencyKey)
            .json(sms.replace("hello", "other")),
        422);
    calls.send(
        post("/v1/messages").key(key).json(sms.replace("\"sms\"", "\"xsmsx\"")).invalid(), 400);
    calls.send(
        post("/v1/messages").key(key).json(sms.replace("\"sms\"", "\"SMS\"")).invalid(), 400);
    calls.send(post("/v1/messages").key(key).json("{\"channel\":\"sms\"}").invalid(), 400);
    calls.send(post("/v1/messages").key(key).json("[1,2]").invalid(), 400);
    calls.send(post("/v1/messages").key(ADMIN_KEY).json(sms), 403);

    // The delivered message, its attempts and its timeline (stored, and from the history).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode m = calls.peek(get("/v1/messages/" + id).key(key)).json();
              return "delivered".equals(m.path("status").asText())
                  && m.path("timeline").size() > 0
                  && m.path("attempts").size() > 0;
            });
    calls.send(get("/v1/messages/" + id).key(key), 200);
    calls.send(get("/v1/messages/" + id + "?include=timeline").key(key), 200);
    calls.send(get("/v1/messages/" + id + "?include=all").key(key).invalid(), 400);
    calls.send(get("/v1/messages/" + UUID.randomUUID()).key(key), 404);
    Exchange page = calls.send(get("/v1/messages?limit=1&channel=sms").key(key), 200);
    calls.send(get("/v1/messages?limit=1&cursor=" + page.text("/nextCursor")).key(key), 200);
    calls.send(get("/v1/messages?status=bogus").key(key), 400);
    calls.send(post("/v1/messages/" + id + "/cancel").key(key).json(""), 409);
    calls.send(
        post("/v1/messages/" + UUID.randomUUID() + "/cancel")
            .key(key)
            .json("{\"reason\":\"changed my mind\"}"),
        404);

    Exchange batch =
        calls.send(
            post("/v1/messages/batch")
                .key(key)
                .json(
                    "{\"channel\":\"sms\",\"body\":\"hi\",\"recipients\":"
                        + "[{\"to\":\"+14155550101\"},{\"to\":\"+14155550102\"}]}"),
            202);
    String batchId = batch.text("/batchId");
    calls.send(
        post("/v1/messages/batch")
            .key(key)
            .json("{\"channel\":\"sms\",\"recipients\":[]}")
            .invalid(),
        400);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                calls
                    .peek(get("/v1/messages/batch/" + batchId).key(key))
                    .json()
                    .path("done")
                    .asBoolean());
    calls.send(get("/v1/messages/batch/" + batchId).key(key), 200);
    calls.send(post("/v1/messages/batch/" + batchId + "/cancel").key(key), 409);
    calls.send(get("/v1/messages/batch/" + UUID.randomUUID()).key(key), 404);
  }

  private void templatesAndSuppressions(ContractCalls calls) {
    String key = tenantKeys.get("main");
    String name = uniqueName("welcome");
    String template =
        "{\"name\":\""
            + name
            + "\",\"channel\":\"email\",\"subject\":\"Hi\",\"body\":\"Hi {{n}}\"}";
    Exchange created = calls.send(post("/v1/templates").key(key).json(template), 201);
    calls.send(post("/v1/templates").key(key).json(template), 409);
    calls.send(
        post("/v1/templates")
            .key(key)
            .json("{\"name\":\"n\",\"channel\":\"email\",\"body\":\"\"}")
            .invalid(),
        400);
    // An optional field sent as null reads as absent.
    calls.send(
        post("/v1/templates")
            .key(key)
            .json(
                "{\"name\":\""
                    + uniqueName("plain")
                    + "\",\"channel\":\"sms\",\"subject\":null,\"body\":\"Hi\"}"),
        201);
    calls.send(get("/v1/templates").key(key), 200);
    calls.send(get("/v1/templates/" + created.text("/id")).key(key), 200);
    calls.send(get("/v1/templates/" + UUID.randomUUID()).key(key), 404);

    String address = "+1415555" + (1000 + (int) (Math.random() * 8999));
    String suppress = "{\"channel\":\"sms\",\"address\":\"" + address + "\",\"detail\":\"asked\"}";
    calls.send(post("/v1/suppressions").key(key).json(suppress), 201);
    calls.send(post("/v1/suppressions").key(key).json(suppress), 200);
    calls.send(get("/v1/suppressions?limit=10").key(key), 200);
    String query = "?channel=sms&address=" + URLEncoder.encode(address, StandardCharsets.UTF_8);
    calls.send(delete("/v1/suppressions" + query).key(key), 204);
    calls.send(delete("/v1/suppressions" + query).key(key), 404);
    calls.send(get("/v1/suppressions").key(ADMIN_KEY), 403);
  }

  private void incidentsAndAudit(ContractCalls calls) {
    String dedupKey = uniqueName("dedup");
    String open =
        "{\"title\":\"Checkout 5xx\",\"severity\":\"high\",\"service\":\"checkout\","
            + "\"dedupKey\":\""
            + dedupKey
            + "\"}";
    Exchange opened = calls.send(post("/v1/incidents").key(ADMIN_KEY).json(open), 201);
    String id = opened.text("/id");
    calls.send(post("/v1/incidents").key(ADMIN_KEY).json(open), 200);
    calls.send(
        post("/v1/incidents")
            .key(ADMIN_KEY)
            .json("{\"title\":\"t\",\"severity\":\"xhighx\"}")
            .invalid(),
        400);
    calls.send(post("/v1/incidents").key(tenantKeys.get("main")).json(open), 403);
    calls.send(get("/v1/incidents?status=open&limit=5").key(ADMIN_KEY), 200);
    calls.send(get("/v1/incidents?status=nope").key(ADMIN_KEY), 400);
    calls.send(get("/v1/incidents").key(tenantKeys.get("main")), 403);
    String incident = "/v1/incidents/" + id;
    calls.send(post(incident + "/notes").key(ADMIN_KEY).json("{\"text\":\"looking\"}"), 202);
    calls.send(post(incident + "/assign").key(ADMIN_KEY).json("{\"assignee\":\"ada\"}"), 202);
    calls.send(post(incident + "/escalate").key(ADMIN_KEY), 202);
    calls.send(post(incident + "/acknowledge").key(ADMIN_KEY), 202);
    calls.send(post(incident + "/resolve").key(ADMIN_KEY), 202);
    calls.send(post("/v1/incidents/" + UUID.randomUUID() + "/acknowledge").key(ADMIN_KEY), 404);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "resolved"
                    .equals(
                        calls.peek(get(incident).key(ADMIN_KEY)).json().path("status").asText()));
    calls.send(get(incident).key(ADMIN_KEY), 200);
    calls.send(get("/v1/incidents/" + UUID.randomUUID()).key(ADMIN_KEY), 404);

    String alert =
        """
        {"version":"4","groupKey":"%s","status":"firing","receiver":"iris",
         "groupLabels":{},"commonLabels":{"alertname":"HighErrorRate","severity":"critical"},
         "commonAnnotations":{"summary":"Error rate above 5%%"},"externalURL":"http://am",
         "truncatedAlerts":0,
         "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate"},"annotations":{},
           "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prom","fingerprint":"%s"}]}
        """
            .formatted(uniqueName("group"), "f" + UUID.randomUUID().toString().substring(0, 8));
    calls.send(post("/v1/alerts/alertmanager").key(ALERTMANAGER_TOKEN).json(alert), 200);
    calls.send(post("/v1/alerts/alertmanager").key("wrong-token").json(alert), 401);

    calls.send(get("/v1/audit-logs?limit=5").key(ADMIN_KEY), 200);
    calls.send(get("/v1/audit-logs").key(tenantKeys.get("main")), 403);
  }

  private void providerWebhooks(ContractCalls calls) {
    String messageId = UUID.randomUUID().toString();
    String twilioPath = "/webhooks/twilio/status?messageId=" + messageId;
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    fields.put("MessageStatus", "queued");
    fields.put("AccountSid", "ACsimulator00000000000000000000000");
    String form = form(fields);
    calls.send(
        post(twilioPath)
            .body("application/x-www-form-urlencoded", form)
            .header(
                "X-Twilio-Signature",
                ProviderSignatures.twilio(
                    TWILIO_AUTH_TOKEN, "http://localhost:" + port + twilioPath, fields)),
        200);
    calls.send(
        post(twilioPath)
            .body("application/x-www-form-urlencoded", form)
            .header("X-Twilio-Signature", "forged"),
        401);
    calls.send(
        post("/webhooks/telnyx?messageId=" + messageId)
            .json("{\"data\":{}}")
            .header("telnyx-timestamp", "1")
            .header("telnyx-signature-ed25519", "forged"),
        401);
    calls.send(
        post("/webhooks/sendgrid")
            .json("[]")
            .header("X-Twilio-Email-Event-Webhook-Timestamp", "1")
            .header("X-Twilio-Email-Event-Webhook-Signature", "forged"),
        401);

    String slackBody =
        "payload=" + URLEncoder.encode("{\"type\":\"view_closed\"}", StandardCharsets.UTF_8);
    String ts = Long.toString(clock.instant().getEpochSecond());
    calls.send(
        post("/webhooks/slack/interactions")
            .body("application/x-www-form-urlencoded", slackBody)
            .header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", "v0=" + hmac(SLACK_SECRET, "v0:" + ts + ":" + slackBody)),
        200);
    calls.send(
        post("/webhooks/slack/interactions")
            .body("application/x-www-form-urlencoded", slackBody)
            .header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", "v0=forged"),
        401);

    String event =
        "{\"event\":{\"id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"pagey.ping\"}}";
    calls.send(
        post("/webhooks/pagerduty")
            .json(event)
            .header("X-PagerDuty-Signature", "v1=" + hmac(PAGERDUTY_SECRET, event)),
        202);
    calls.send(
        post("/webhooks/pagerduty").json(event).header("X-PagerDuty-Signature", "v1=forged"), 401);
    String big = event.replace("}}", "},\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
    calls.send(
        post("/webhooks/pagerduty").json(big).header("X-PagerDuty-Signature", "v1=forged"), 413);
  }

  @Test
  void givenTheDocument_itShouldKeepDevelopmentRoutesOutAndDocumentRealStatusesAndProblems() {
    JsonNode paths = document.get("paths");
    List<String> wrong = new ArrayList<>();
    paths
        .fieldNames()
        .forEachRemaining(
            path -> {
              if (path.startsWith("/sim") || path.equals("/error")) {
                wrong.add(path + ": a development or container route in the public document");
              }
            });
    forEachOperation(
        (method, path, op) -> {
          String where = method.toUpperCase() + " " + path;
          JsonNode responses = op.get("responses");
          Set<String> codes = new TreeSet<>();
          responses.fieldNames().forEachRemaining(codes::add);
          if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
            wrong.add(where + ": no success status");
          }
          for (String code : codes) {
            JsonNode content = responses.get(code).path("content");
            if (code.startsWith("4") || code.startsWith("5")) {
              if (!content.has("application/problem+json")) {
                wrong.add(where + " " + code + ": not documented as application/problem+json");
              } else if (!content
                  .at("/application~1problem+json/schema/$ref")
                  .asText()
                  .equals("#/components/schemas/Problem")) {
                wrong.add(where + " " + code + ": problem body is not the Problem schema");
              }
            }
          }
          boolean hasBody = op.has("requestBody");
          boolean hasInput = hasBody || op.path("parameters").size() > 0;
          expect(wrong, where, codes, hasInput, "400");
          expect(wrong, where, codes, hasBody, "413", "415");
          expect(wrong, where, codes, path.contains("{"), "404");
          expect(wrong, where, codes, true, "401", "503");
          if (path.startsWith("/v1/") && !path.equals("/v1/alerts/alertmanager")) {
            if (op.has("security") && op.get("security").isEmpty()) {
              wrong.add(where + ": an API-key operation documented without security");
            }
          } else if (path.startsWith("/webhooks/")
              && !(op.has("security") && op.get("security").isEmpty())) {
            wrong.add(where + ": a provider webhook must not ask for an IRIS API key");
          }
        });
    assertThat(wrong).as(String.join("\n", wrong)).isEmpty();

    // Creations are 201, acceptances 202, deletions without a body 204; the errors a route has.
    assertThat(responseCodes("post", "/v1/tenants")).contains("201", "409").doesNotContain("200");
    assertThat(responseCodes("post", "/v1/messages")).contains("202", "422").doesNotContain("200");
    assertThat(responseCodes("post", "/v1/messages/batch")).contains("202").doesNotContain("200");
    assertThat(responseCodes("post", "/v1/incidents/{id}/acknowledge"))
        .contains("202", "409")
        .doesNotContain("200");
    assertThat(responseCodes("delete", "/v1/suppressions")).contains("204", "404");
    assertThat(responseCodes("post", "/webhooks/telnyx")).contains("204").doesNotContain("200");
    assertThat(
            paths
                .at("/~1v1~1messages/post/responses/202/content/application~1json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/AcceptedView");
    assertThat(paths.at("/~1webhooks~1twilio~1status/post/responses/200/content").has("text/xml"))
        .isTrue();
    // Request bodies refuse unknown properties (Jackson's fail-on-unknown-properties) unless the
    // type ignores them, and take null for an optional field.
    assertThat(document.at("/components/schemas/CreateTenantRequest/additionalProperties").asText())
        .isEqualTo("false");
    assertThat(document.at("/components/schemas/Notification/additionalProperties").asText())
        .isEqualTo("true");
    assertThat(document.at("/components/schemas/CreateTemplate/properties/subject/type"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("string", "null");
    assertThat(document.at("/components/securitySchemes/apiKey/scheme").asText())
        .isEqualTo("bearer");
  }

  @Test
  void givenTheDocument_itShouldCarryNoWildcardMediaTypeAndOnlyAnchoredPatterns() {
    List<String> wrong = new ArrayList<>();
    walk(
        document,
        "",
        (pointer, name, value) -> {
          if (name.equals("*/*")) {
            wrong.add(pointer + ": */* media type");
          }
          if (name.equals("pattern") && value.isTextual()) {
            String p = value.asText();
            if (!p.startsWith("^") || !p.endsWith("$")) {
              wrong.add(pointer + ": unanchored pattern '" + p + "'");
            }
          }
        });
    assertThat(wrong).as(String.join("\n", wrong)).isEmpty();

    // Bean Validation matches @Pattern against the whole value; so must the document.
    JsonNode channel = document.at("/components/schemas/SendMessage/properties/channel");
    assertThat(java.util.regex.Pattern.compile(channel.get("pattern").asText()).matcher("xsmsx"))
        .matches(m -> !m.find(), "refuses xsmsx");
    assertThat(java.util.regex.Pattern.compile(channel.get("pattern").asText()).matcher("sms"))
        .matches(java.util.regex.Matcher::find, "accepts sms");
  }

  @Test
  void givenRequiredNotBlankFields_theDocumentShouldRequireThemWithAtLeastOneCharacter() {
    List<String> wrong = new ArrayList<>();
    document
        .at("/components/schemas")
        .fields()
        .forEachRemaining(
            schema -> {
              JsonNode required = schema.getValue().path("required");
              required.forEach(
                  field -> {
                    JsonNode property = schema.getValue().at("/properties/" + field.asText());
                    if (property.path("minLength").isInt()
                        && property.path("minLength").asInt() < 1) {
                      wrong.add(schema.getKey() + "." + field.asText() + ": minLength 0");
                    }
                  });
            });
    assertThat(wrong).as(String.join("\n", wrong)).isEmpty();
    JsonNode sendMessage = document.at("/components/schemas/SendMessage");
    assertThat(sendMessage.get("required")).extracting(JsonNode::asText).contains("channel", "to");
    assertThat(sendMessage.at("/properties/to/minLength").asInt()).isEqualTo(1);
    assertThat(
            document
                .at("/components/schemas/CreateTenantRequest/properties/name/minLength")
                .asInt())
        .isEqualTo(1);
    assertThat(
            document.at("/components/schemas/RotateRequest/properties/gracePeriod/format").asText())
        .isEqualTo("duration");
  }

  @Test
  void givenNestedRecordsOfTheSameName_theDocumentShouldKeepTheirSchemasApart() {
    JsonNode schemas = document.at("/components/schemas");
    String timeline =
        schemas
            .at("/MessageView/properties/timeline/items/$ref")
            .asText()
            .replace("#/components/schemas/", "");
    String suppressions =
        document
            .at(
                "/paths/~1v1~1suppressions/get/responses/200/content/application~1json/schema/items/$ref")
            .asText()
            .replace("#/components/schemas/", "");
    assertThat(timeline).isNotEqualTo(suppressions);
    assertThat(fieldNames(schemas.get(timeline)))
        .containsExactlyInAnyOrder("at", "event", "detail");
    assertThat(fieldNames(schemas.get(suppressions)))
        .containsExactlyInAnyOrder("channel", "address", "reason", "detail", "createdAt");
    assertThat(schemas.at("/Problem/properties/errors/items/$ref").asText())
        .isEqualTo("#/components/schemas/ProblemFieldError");
    assertThat(fieldNames(schemas.get("ProblemFieldError"))).containsExactly("field", "message");
    assertThat(schemaNames.clashes()).as("schema names claimed by two types").isEmpty();
  }

  // --- helpers

  private static String named(String name) {
    return "{\"name\":\"" + name + "\"}";
  }

  private Set<String> responseCodes(String method, String path) {
    Set<String> codes = new TreeSet<>();
    document
        .get("paths")
        .get(path)
        .get(method)
        .get("responses")
        .fieldNames()
        .forEachRemaining(codes::add);
    return codes;
  }

  private static void expect(
      List<String> wrong, String where, Set<String> codes, boolean when, String... expected) {
    if (!when) {
      return;
    }
    for (String code : expected) {
      if (!codes.contains(code)) {
        wrong.add(where + ": " + code + " not documented");
      }
    }
  }

  private interface OperationVisitor {
    void visit(String method, String path, JsonNode operation);
  }

  private void forEachOperation(OperationVisitor visitor) {
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> visitor.visit(op.getKey(), path.getKey(), op.getValue())));
  }

  private interface NodeVisitor {
    void visit(String pointer, String name, JsonNode value);
  }

  private static void walk(JsonNode node, String pointer, NodeVisitor visitor) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String child = pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
        visitor.visit(child, f.getKey(), f.getValue());
        walk(f.getValue(), child, visitor);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, visitor);
      }
    }
  }

  private static List<String> fieldNames(JsonNode schema) {
    List<String> names = new ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String form(Map<String, String> fields) {
    StringBuilder form = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (!form.isEmpty()) {
            form.append('&');
          }
          form.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return form.toString();
  }

  private static String hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
