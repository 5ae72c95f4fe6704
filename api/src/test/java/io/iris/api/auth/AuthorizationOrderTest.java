package io.iris.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authenticate, then authorize, then validate, on every door: a caller without the right
 * credentials learns nothing about what its body should have been.
 */
class AuthorizationOrderTest extends ApiTestBase {

  /** A route and a body that is wrong for it. */
  record Call(String method, String path, String body) {}

  private static final String ANY_ID = UUID.randomUUID().toString();

  private static final List<Call> ADMIN_ROUTES =
      List.of(
          new Call("POST", "/v1/tenants", "{}"),
          new Call("POST", "/v1/tenants", "{\"name\":42,\"extra\":true}"),
          new Call("GET", "/v1/tenants?limit=0", null),
          new Call("POST", "/v1/admin/api-keys", "{\"name\":\"\"}"),
          new Call("GET", "/v1/audit-logs?limit=0", null),
          new Call("GET", "/v1/audit-logs?tenantId=nope", null),
          new Call("POST", "/v1/incidents", "{}"),
          new Call("POST", "/v1/incidents", "not json"),
          new Call("GET", "/v1/incidents?limit=0", null),
          new Call("POST", "/v1/incidents/" + ANY_ID + "/notes", "{}"),
          new Call("POST", "/v1/incidents/" + ANY_ID + "/assign", "{\"assignee\":\"\"}"));

  private static final List<Call> TENANT_ROUTES =
      List.of(
          new Call("POST", "/v1/messages", "{}"),
          new Call("GET", "/v1/messages?limit=0", null),
          new Call("POST", "/v1/messages/batch", "{\"recipients\":[]}"),
          new Call("POST", "/v1/templates", "{}"),
          new Call("POST", "/v1/suppressions", "{}"),
          new Call("DELETE", "/v1/suppressions", null),
          new Call("GET", "/v1/suppressions?limit=0", null));

  String tenantKey;

  @BeforeEach
  void tenant() {
    tenantKey = createTenant(uniqueName("order")).get("apiKey").asText();
  }

  private Response call(Call c, String key) {
    return api()
        .send(c.method(), c.path(), key, c.body() == null ? null : "application/json", c.body());
  }

  @Test
  void givenNoKey_whenAnyApiRouteIsCalledWithABadBody_itShouldBe401NotA400() {
    for (Call c : concat(ADMIN_ROUTES, TENANT_ROUTES)) {
      Response r = call(c, null);
      assertProblem(r, 401);
      assertThat(r.header("WWW-Authenticate")).as(c.toString()).isPresent();
    }
  }

  @Test
  void givenATenantKey_whenAnAdminRouteIsCalledWithABadBody_itShouldBe403WhateverTheBody() {
    for (Call c : ADMIN_ROUTES) {
      Response r = call(c, tenantKey);
      assertThat(r.status()).as(c + " -> " + r.body()).isEqualTo(403);
      assertProblem(r, 403);
      assertThat(r.json().get("detail").asText()).as(c.toString()).contains("admin API key");
    }
  }

  @Test
  void givenAnAdminKey_whenATenantRouteIsCalled_itShouldBe403SayingWhatTheRouteNeeds() {
    for (Call c : TENANT_ROUTES) {
      Response r = call(c, ADMIN_KEY);
      assertThat(r.status()).as(c + " -> " + r.body()).isEqualTo(403);
      assertProblem(r, 403);
      String detail = r.json().get("detail").asText();
      assertThat(detail).as(c.toString()).contains("tenant's API key").doesNotContain("Sending");
    }
    Response delete =
        api().delete("/v1/suppressions?channel=sms&address=%2B14155550100", ADMIN_KEY);
    assertThat(delete.json().get("detail").asText())
        .startsWith("DELETE /v1/suppressions acts for one tenant");
  }

  @Test
  void givenNoToken_whenAlertmanagerPostsABadBody_itShouldBe401NotA400() {
    Response r =
        api()
            .send(
                "POST",
                "/v1/alerts/alertmanager",
                null,
                "application/json",
                "{\"version\":\"4\",\"groupKey\":\"\",\"alerts\":[]}");
    assertProblem(r, 401);
    Response wrong =
        api()
            .sendWithHeader(
                "POST",
                "/v1/alerts/alertmanager",
                null,
                "Authorization",
                "Bearer not-the-token",
                "not json at all");
    assertProblem(wrong, 401);
    // With the token, the same bad body is then validated.
    Response valid =
        api()
            .sendWithHeader(
                "POST",
                "/v1/alerts/alertmanager",
                null,
                "Authorization",
                "Bearer test-alertmanager-token",
                "{\"version\":\"4\",\"groupKey\":\"\",\"alerts\":[]}");
    assertProblem(valid, 400);
    assertThat(valid.json().get("errors").get(0).get("field").asText()).isEqualTo("groupKey");
  }

  @Test
  void givenNoSignature_whenAnyProviderWebhookIsPostedABadBody_itShouldBe401NotA400() {
    for (String path :
        List.of(
            "/webhooks/twilio/status?messageId=not-a-uuid",
            "/webhooks/telnyx",
            "/webhooks/sendgrid",
            "/webhooks/slack/interactions",
            "/webhooks/pagerduty")) {
      Response r = api().send("POST", path, null, "application/json", "{\"not\":");
      assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(401);
      assertProblem(r, 401);
    }
  }

  private static List<Call> concat(List<Call> a, List<Call> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
