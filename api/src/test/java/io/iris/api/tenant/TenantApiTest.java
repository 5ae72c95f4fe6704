package io.iris.api.tenant;

import static io.iris.schema.jooq.Tables.API_KEYS;
import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.auth.ApiKeySecrets;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TenantApiTest extends ApiTestBase {

  @Autowired DSLContext db;

  @Autowired io.iris.activities.send.SendRecordActivitiesImpl sendRecords;

  @Test
  void givenATenantAskingForAtLeastOnce_whenItsSendsArePlanned_theyShouldFailOverWhenUnsure() {
    JsonNode t = createTenant(uniqueName("guarantee"));
    String id = t.get("id").asText();
    assertThat(api().get("/v1/tenants/" + id, ADMIN_KEY).json().get("deliveryGuarantee").asText())
        .isEqualTo("at_most_once");
    assertThat(plan(id).failOverWhenUnsure()).isFalse();

    Response tenantKey =
        api()
            .send(
                "PUT",
                "/v1/tenants/" + id + "/delivery-guarantee",
                t.get("apiKey").asText(),
                "application/json",
                "{\"guarantee\":\"at_least_once\"}");
    assertProblem(tenantKey, 403);
    Response wrong =
        api()
            .send(
                "PUT",
                "/v1/tenants/" + id + "/delivery-guarantee",
                ADMIN_KEY,
                "application/json",
                "{\"guarantee\":\"exactly_once\"}");
    assertProblem(wrong, 400);
    assertThat(wrong.body()).contains("guarantee");

    Response set =
        api()
            .send(
                "PUT",
                "/v1/tenants/" + id + "/delivery-guarantee",
                ADMIN_KEY,
                "application/json",
                "{\"guarantee\":\"at_least_once\"}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("deliveryGuarantee").asText()).isEqualTo("at_least_once");
    assertThat(plan(id).failOverWhenUnsure()).isTrue();
  }

  @Test
  void givenRoutingRequirements_whenPutByAnAdmin_theyShouldBeStoredAuditedAndClearable() {
    JsonNode t = createTenant(uniqueName("requirements"));
    String id = t.get("id").asText();
    String path = "/v1/tenants/" + id + "/routing-requirements";
    JsonNode before = api().get("/v1/tenants/" + id, ADMIN_KEY).json();
    assertThat(before.get("routingRequirements").hasNonNull("maxLatencyMs")).isFalse();

    assertProblem(
        api()
            .send(
                "PUT",
                path,
                t.get("apiKey").asText(),
                "application/json",
                "{\"maxLatencyMs\":500}"),
        403);
    Response tooHigh =
        api()
            .send("PUT", path, ADMIN_KEY, "application/json", "{\"minDeliveryRatePercent\":100.5}");
    assertProblem(tooHigh, 400);
    assertThat(tooHigh.body()).contains("minDeliveryRatePercent");
    Response negative =
        api().send("PUT", path, ADMIN_KEY, "application/json", "{\"maxCostPerMessageUsd\":-1}");
    assertProblem(negative, 400);
    assertThat(negative.body()).contains("maxCostPerMessageUsd");
    assertProblem(
        api()
            .send(
                "PUT",
                "/v1/tenants/" + UUID.randomUUID() + "/routing-requirements",
                ADMIN_KEY,
                "application/json",
                "{\"maxLatencyMs\":500}"),
        404);

    Response set =
        api()
            .send(
                "PUT",
                path,
                ADMIN_KEY,
                "application/json",
                "{\"minDeliveryRatePercent\":97.5,\"maxLatencyMs\":400,"
                    + "\"maxCostPerMessageUsd\":0.0075}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    JsonNode stored = api().get("/v1/tenants/" + id, t.get("apiKey").asText()).json();
    JsonNode r = stored.get("routingRequirements");
    assertThat(r.get("minDeliveryRatePercent").decimalValue()).isEqualByComparingTo("97.5");
    assertThat(r.get("maxLatencyMs").asLong()).isEqualTo(400);
    assertThat(r.get("maxCostPerMessageUsd").decimalValue()).isEqualByComparingTo("0.0075");
    assertThat(
            db.fetchCount(
                AUDIT_LOGS,
                AUDIT_LOGS
                    .ACTION
                    .eq("tenant.routing_requirements")
                    .and(AUDIT_LOGS.TARGET_ID.eq(id))))
        .isEqualTo(1);

    Response cleared = api().send("PUT", path, ADMIN_KEY, "application/json", "{}");
    assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
    assertThat(cleared.json().get("routingRequirements").hasNonNull("maxLatencyMs")).isFalse();
  }

  @Test
  void givenAnAllowedSend_whenPrepared_itsRowShouldSaySendingAsTheWorkflowDoes() {
    String tenantId = createTenant(uniqueName("sending")).get("id").asText();
    String messageId = UUID.randomUUID().toString();
    sendRecords.prepareSend(sms(messageId, tenantId), System.currentTimeMillis());
    assertThat(
            db.select(io.iris.schema.jooq.Tables.MESSAGES.STATUS)
                .from(io.iris.schema.jooq.Tables.MESSAGES)
                .where(io.iris.schema.jooq.Tables.MESSAGES.ID.eq(UUID.fromString(messageId)))
                .fetchOne(io.iris.schema.jooq.Tables.MESSAGES.STATUS))
        .isEqualTo("sending");
  }

  private static io.iris.workflows.send.SendRequest sms(String messageId, String tenantId) {
    return new io.iris.workflows.send.SendRequest(
        messageId,
        tenantId,
        io.iris.workflows.send.Channel.SMS,
        "+14155550123",
        "",
        "",
        "hello",
        "normal",
        java.util.Map.of(),
        "");
  }

  private io.iris.workflows.send.SendPlan plan(String tenantId) {
    return sendRecords
        .prepareSend(
            new io.iris.workflows.send.SendRequest(
                UUID.randomUUID().toString(),
                tenantId,
                io.iris.workflows.send.Channel.SMS,
                "+14155550123",
                "",
                "",
                "hello",
                "normal",
                java.util.Map.of(),
                ""),
            System.currentTimeMillis())
        .plan();
  }

  @Test
  void givenTheAdminKey_whenATenantIsCreated_itShouldReturnItsIdNameAndAKeyShownOnce() {
    String name = uniqueName("acme");
    Response created = api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + name + "\"}");

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.get("name").asText()).isEqualTo(name);
    assertThat(body.get("apiKey").asText()).startsWith("iris_").hasSizeGreaterThanOrEqualTo(48);
    assertThat(created.header("Location")).hasValue("/v1/tenants/" + body.get("id").asText());

    // The key is shown once: no later read returns it.
    String id = body.get("id").asText();
    assertThat(api().get("/v1/tenants/" + id, ADMIN_KEY).body())
        .doesNotContain(body.get("apiKey").asText());
    assertThat(api().get("/v1/tenants/" + id + "/api-keys", ADMIN_KEY).body())
        .doesNotContain(body.get("apiKey").asText());
  }

  @Test
  void givenATenantKey_whenUsedOnTenantRoutes_itShouldSeeOnlyItsOwnTenant() {
    JsonNode acme = createTenant(uniqueName("acme"));
    JsonNode globex = createTenant(uniqueName("globex"));
    String acmeKey = acme.get("apiKey").asText();

    Response me = api().get("/v1/me", acmeKey);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("scope").asText()).isEqualTo("tenant");
    assertThat(me.json().get("tenantId").asText()).isEqualTo(acme.get("id").asText());

    assertThat(api().get("/v1/tenants/" + acme.get("id").asText(), acmeKey).status())
        .isEqualTo(200);
    // Another tenant looks as if it did not exist.
    assertProblem(api().get("/v1/tenants/" + globex.get("id").asText(), acmeKey), 404);
    assertProblem(
        api().get("/v1/tenants/" + globex.get("id").asText() + "/api-keys", acmeKey), 404);
  }

  @Test
  void givenATenantKey_whenUsedOnAdminRoutes_itShouldBeForbidden() {
    String key = createTenant(uniqueName("acme")).get("apiKey").asText();

    assertProblem(api().get("/v1/tenants", key), 403);
    assertProblem(api().post("/v1/tenants", key, "{\"name\":\"" + uniqueName("x") + "\"}"), 403);
    assertProblem(api().get("/v1/audit-logs", key), 403);
    assertProblem(api().post("/v1/admin/api-keys", key, "{\"name\":\"sneaky\"}"), 403);
  }

  @Test
  void givenNoKeyOrAWrongKey_whenCallingTheApi_itShouldAnswer401WithABearerChallenge() {
    Response missing = api().get("/v1/me", null);
    assertProblem(missing, 401);
    assertThat(missing.header("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    Response wrong = api().get("/v1/me", "iris_" + "x".repeat(43));
    assertProblem(wrong, 401);
    assertThat(wrong.header("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

    assertProblem(api().getWithAuthorization("/v1/me", "Basic YWRtaW46YWRtaW4="), 401);
    // Routes outside /v1 (ops, docs) need no key; everything under /v1 does, even unknown ones.
    assertProblem(api().get("/v1/no-such-route", null), 401);
  }

  @Test
  void givenANewTenant_whenStored_itsKeyShouldExistOnlyAsASha256Hash() {
    JsonNode created = createTenant(uniqueName("acme"));
    String key = created.get("apiKey").asText();
    UUID keyId = UUID.fromString(created.get("apiKeyId").asText());

    var row = db.selectFrom(API_KEYS).where(API_KEYS.ID.eq(keyId)).fetchOne();
    assertThat(row).isNotNull();
    assertThat(row.getKeyHash()).isEqualTo(ApiKeySecrets.hash(key)).hasSize(64).isNotEqualTo(key);
    // No column of any key row holds the clear key.
    assertThat(db.fetch("select * from api_keys").formatJSON()).doesNotContain(key);
    assertThat(db.fetch("select * from audit_logs").formatJSON()).doesNotContain(key);
  }

  @Test
  void givenTheAdmin_whenCreatingATenant_itShouldLeaveAnAuditTrail() {
    JsonNode created = createTenant(uniqueName("audited"));
    UUID tenantId = UUID.fromString(created.get("id").asText());

    var actions =
        db.select(AUDIT_LOGS.ACTION, AUDIT_LOGS.ACTOR_SCOPE)
            .from(AUDIT_LOGS)
            .where(AUDIT_LOGS.TENANT_ID.eq(tenantId))
            .fetch();
    assertThat(actions.getValues(AUDIT_LOGS.ACTION))
        .containsExactlyInAnyOrder("tenant.create", "api_key.create");
    assertThat(actions.getValues(AUDIT_LOGS.ACTOR_SCOPE)).containsOnly("admin");

    Response trail = api().get("/v1/audit-logs?tenantId=" + tenantId, ADMIN_KEY);
    assertThat(trail.status()).isEqualTo(200);
    assertThat(trail.json()).hasSize(2);
    assertThat(trail.json().get(0).get("actorKeyId").asText()).isNotBlank();
  }

  @Test
  void givenAnExistingName_whenCreatingAgainInAnotherCase_itShouldConflict() {
    String name = uniqueName("Initech");
    createTenant(name);
    assertProblem(
        api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + name.toLowerCase() + "\"}"), 409);
  }
}
