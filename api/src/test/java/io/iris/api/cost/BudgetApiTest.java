package io.iris.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.cost.BudgetGuard;
import io.iris.activities.cost.SpendRollups;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code PUT/GET /v1/tenants/{id}/budget}, and a hard stop through the send path: a tenant over its
 * budget gets its sends ended as failed with {@code budget_exceeded}, and none reaches a provider;
 * a budget change lets it send again.
 */
class BudgetApiTest extends ApiTestBase {

  @Autowired DSLContext db;
  @Autowired BudgetGuard guard;

  private JsonNode awaitFinal(String id, String key) {
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String status = api().get("/v1/messages/" + id, key).json().get("status").asText();
              return !List.of("accepted", "sending", "sent").contains(status);
            });
    return api().get("/v1/messages/" + id, key).json();
  }

  private String send(String key, String to) {
    Response r =
        api()
            .post(
                "/v1/messages", key, "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"b\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  @Test
  void givenAHardStopBudgetUsedUp_sendsShouldFailWithBudgetExceededUntilItChanges() {
    JsonNode t = createTenant(uniqueName("budget"));
    UUID id = UUID.fromString(t.get("id").asText());
    String key = t.get("apiKey").asText();

    Response set =
        api()
            .send(
                "PUT",
                "/v1/tenants/" + id + "/budget",
                ADMIN_KEY,
                "application/json",
                "{\"monthlyUsd\":0.01,\"hardStop\":true}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("hardStop").asBoolean()).isTrue();
    assertThat(
            api().get("/v1/tenants/" + id + "/budget", key).json().get("monthlyUsd").decimalValue())
        .isEqualByComparingTo("0.01");

    // This month's spend reaches the budget.
    SpendRollups.moveEnd(
        db,
        id,
        "sms",
        "",
        Optional.empty(),
        new SpendRollups.End(Instant.now(), "twilio", new BigDecimal("0.010000")),
        Instant.now());
    guard.refresh();

    String to =
        "+1555" + String.format("%07d", Math.floorMod(id.getLeastSignificantBits(), 10_000_000L));
    JsonNode refused = awaitFinal(send(key, to), key);
    assertThat(refused.get("status").asText()).isEqualTo("failed");
    assertThat(refused.get("errorCode").asText()).isEqualTo("budget_exceeded");
    assertThat(api().get("/sim/twilio/messages", null).body()).doesNotContain(to);

    // A higher budget lets it send again.
    api()
        .send(
            "PUT",
            "/v1/tenants/" + id + "/budget",
            ADMIN_KEY,
            "application/json",
            "{\"monthlyUsd\":100,\"dailyUsd\":10,\"hardStop\":true}");
    JsonNode sent = awaitFinal(send(key, to), key);
    assertThat(sent.get("status").asText()).isEqualTo("delivered");
  }

  @Test
  void givenBadBudgets_itShouldNameTheFieldAndKeepTenantsToThemselves() {
    JsonNode t = createTenant(uniqueName("budget-bad"));
    String path = "/v1/tenants/" + t.get("id").asText() + "/budget";
    for (String body :
        new String[] {
          "{}", "{\"monthlyUsd\":0}", "{\"monthlyUsd\":-5}", "{\"monthlyUsd\":10,\"dailyUsd\":0}"
        }) {
      Response r = api().send("PUT", path, ADMIN_KEY, "application/json", body);
      assertProblem(r, 400);
      assertThat(r.body()).as(body).contains(body.contains("dailyUsd") ? "dailyUsd" : "monthlyUsd");
    }
    Response over =
        api()
            .send(
                "PUT", path, ADMIN_KEY, "application/json", "{\"monthlyUsd\":10,\"dailyUsd\":11}");
    assertProblem(over, 400);
    assertThat(over.json().at("/errors/0/field").asText()).isEqualTo("dailyUsd");

    // A tenant key may not set a budget, and another tenant's does not exist for it.
    String key = t.get("apiKey").asText();
    assertProblem(api().send("PUT", path, key, "application/json", "{\"monthlyUsd\":10}"), 403);
    String other = createTenant(uniqueName("budget-other")).get("apiKey").asText();
    assertProblem(api().get(path, other), 404);
    assertProblem(api().get(path, key), 404); // none set yet
    assertProblem(
        api()
            .send(
                "PUT",
                "/v1/tenants/" + UUID.randomUUID() + "/budget",
                ADMIN_KEY,
                "application/json",
                "{\"monthlyUsd\":10}"),
        404);
  }
}
