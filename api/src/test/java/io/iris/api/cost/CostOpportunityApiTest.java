package io.iris.api.cost;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.COST_HOURLY;
import static io.iris.schema.jooq.Tables.COST_OPTIMIZATION_OPPORTUNITIES;
import static io.iris.schema.jooq.Tables.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.routing.RoutingSnapshot;
import io.iris.api.routing.RoutingFixtures;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.cost.CostOptimizationWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The cost-optimization cycle end to end in the application (real PostgreSQL, the workers on
 * Temporal's in-process server), with windows of seconds: SMS on twilio at $0.0079 a message,
 * telnyx scored within the margin at $0.0040. At 24,000 messages a day the switch saves $93.60 a
 * day and is applied by itself; at 10,000 it saves $39 and waits for review, answered over the API
 * or a signed Slack click, or left to expire. An applied switch whose delivery drops is reverted.
 */
@TestPropertySource(
    properties = {
      "iris.cost-optimization.watch-interval=2s",
      "iris.cost-optimization.watch-checks=2",
      "iris.cost-optimization.watch-min-attempts=20",
      "iris.cost-optimization.savings-measure-after=5s",
      "iris.cost-optimization.review-expiry=6s"
    })
class CostOpportunityApiTest extends ApiTestBase {

  @Autowired DSLContext db;
  @Autowired RoutingSnapshot snapshot;
  @Autowired WorkflowClient client;

  RoutingFixtures fixtures;
  UUID tenant;
  String tenantKey;

  @BeforeEach
  void figures() {
    fixtures = new RoutingFixtures(db, snapshot);
    fixtures.clear();
    db.deleteFrom(COST_OPTIMIZATION_OPPORTUNITIES).execute();
    db.deleteFrom(COST_HOURLY).where(COST_HOURLY.CHANNEL.eq("sms")).execute();
    JsonNode t = createTenant(uniqueName("cost-opportunity"));
    tenant = UUID.fromString(t.get("id").asText());
    tenantKey = t.get("apiKey").asText();
    Instant now = Instant.now();
    fixtures.score("twilio", "sms", now, 95, 95, "0.0079", 300);
    fixtures.score("telnyx", "sms", now, 92, 92, "0.0040", 250);
  }

  @AfterEach
  void clear() {
    fixtures.clear();
    db.deleteFrom(COST_HOURLY).where(COST_HOURLY.CHANNEL.eq("sms")).execute();
  }

  /** {@code messages} SMS on twilio over the last day, at $0.0079 each. */
  private void spend(long messages) {
    OffsetDateTime hour =
        Instant.now()
            .truncatedTo(ChronoUnit.HOURS)
            .minus(Duration.ofHours(2))
            .atOffset(ZoneOffset.UTC);
    db.insertInto(COST_HOURLY)
        .set(COST_HOURLY.HOUR, hour)
        .set(COST_HOURLY.TENANT_ID, tenant)
        .set(COST_HOURLY.CHANNEL, "sms")
        .set(COST_HOURLY.PROVIDER, "twilio")
        .set(COST_HOURLY.MESSAGES, messages)
        .set(COST_HOURLY.COST_USD, new BigDecimal("0.0079").multiply(BigDecimal.valueOf(messages)))
        .set(COST_HOURLY.UPDATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .execute();
  }

  private int cycle() {
    return client
        .newWorkflowStub(
            CostOptimizationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("cost-optimization-test-" + UUID.randomUUID())
                .setTaskQueue(TaskQueues.OPERATIONS)
                .build())
        .optimize();
  }

  private JsonNode only() {
    Response r = api().get("/v1/cost/opportunities", ADMIN_KEY);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json()).hasSize(1);
    return r.json().get(0);
  }

  private String status() {
    return only().get("status").asText();
  }

  private String primary() {
    return api()
        .get("/v1/routing/sms", ADMIN_KEY)
        .json()
        .get("providers")
        .get(0)
        .get("name")
        .asText();
  }

  @Test
  void givenASwitchSavingMoreThan50ADay_theCycleShouldApplyItAndMeasureTheSaving() {
    spend(24_000);
    assertThat(primary()).isEqualTo("twilio");

    assertThat(cycle()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("applied"));
    JsonNode o = only();
    assertThat(o.get("type").asText()).isEqualTo("provider_switch");
    assertThat(o.get("currentProvider").asText()).isEqualTo("twilio");
    assertThat(o.get("recommendedProvider").asText()).isEqualTo("telnyx");
    // 24,000 a day x ($0.0079 - $0.0040)
    assertThat(o.get("potentialSavingsUsd").decimalValue()).isEqualByComparingTo("93.6");
    assertThat(o.get("currentCostUsd").decimalValue()).isEqualByComparingTo("189.6");
    assertThat(o.get("savingsPercent").decimalValue()).isEqualByComparingTo("49.37");
    assertThat(o.get("qualityImpact").asText()).isEqualTo("minimal");
    assertThat(o.get("decidedBy").asText()).isEqualTo("system:cost-optimization");
    assertThat(o.get("routingChanges").get(0).get("provider").asText()).isEqualTo("twilio");
    assertThat(primary()).as("telnyx takes new sends").isEqualTo("telnyx");
    Response providers = api().get("/v1/providers?channel=sms", ADMIN_KEY);
    assertThat(providers.body()).contains("failed_over");

    await().atMost(Duration.ofSeconds(30)).until(() -> !only().get("measuredAt").isNull());
    assertThat(only().get("actualSavingsUsd").decimalValue())
        .as("no SMS sent since the switch: nothing saved yet")
        .isEqualByComparingTo("0");
    assertThat(status()).isEqualTo("applied");
    assertThat(primary()).isEqualTo("telnyx");

    assertThat(cycle()).as("an applied opportunity is not offered again").isZero();
  }

  @Test
  void givenDeliveryFallingAfterTheSwitch_itShouldBeRevertedAndTwilioRestored() {
    spend(24_000);
    cycle();
    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("applied"));
    assertThat(primary()).isEqualTo("telnyx");
    // 30 SMS on telnyx since the switch, every one failed.
    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
    for (int i = 0; i < 30; i++) {
      db.insertInto(MESSAGES)
          .set(MESSAGES.ID, UUID.randomUUID())
          .set(MESSAGES.TENANT_ID, tenant)
          .set(MESSAGES.CHANNEL, "sms")
          .set(MESSAGES.RECIPIENT, "+14155550100")
          .set(MESSAGES.STATUS, "failed")
          .set(MESSAGES.PROVIDER, "telnyx")
          .set(MESSAGES.CREATED_AT, at)
          .set(MESSAGES.UPDATED_AT, at)
          .execute();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("reverted"));
    JsonNode o = only();
    assertThat(o.get("revertReason").asText()).startsWith("delivery 0.00% over 30 sends");
    assertThat(primary()).as("twilio restored").isEqualTo("twilio");
  }

  @Test
  void givenASmallerSaving_itShouldWaitForReviewAndApplyOnceApprovedOverTheApi() {
    spend(10_000);
    cycle();
    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("awaiting_review"));
    JsonNode o = only();
    assertThat(o.get("potentialSavingsUsd").decimalValue()).isEqualByComparingTo("39");
    assertThat(o.get("reviewExpiresAt").isNull()).isFalse();
    assertThat(primary()).as("nothing changes before the answer").isEqualTo("twilio");
    String id = o.get("id").asText();

    assertProblem(api().post("/v1/cost/opportunities/" + id + "/approve", ADMIN_KEY, "{}"), 400);
    assertProblem(
        api().post("/v1/cost/opportunities/" + id + "/approve", tenantKey, "{\"by\":\"x\"}"), 403);
    assertProblem(
        api()
            .post(
                "/v1/cost/opportunities/" + UUID.randomUUID() + "/approve",
                ADMIN_KEY,
                "{\"by\":\"ada\"}"),
        404);
    Response approved =
        api()
            .post(
                "/v1/cost/opportunities/" + id + "/approve",
                ADMIN_KEY,
                "{\"by\":\"ada\",\"note\":\"cheaper is fine\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("applied"));
    assertThat(only().get("decidedBy").asText()).endsWith(": ada");
    assertThat(primary()).isEqualTo("telnyx");
    assertProblem(
        api().post("/v1/cost/opportunities/" + id + "/dismiss", ADMIN_KEY, "{\"by\":\"ada\"}"),
        409);
    assertThat(
            db.fetchCount(
                AUDIT_LOGS,
                AUDIT_LOGS.TARGET_ID.eq(id).and(AUDIT_LOGS.ACTION.eq("cost.opportunity.approve"))))
        .isEqualTo(1);
  }

  @Test
  void givenASignedDismissClick_itShouldDismissAndChangeNothing() throws Exception {
    spend(10_000);
    cycle();
    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("awaiting_review"));
    String id = only().get("id").asText();
    String click =
        "{\"type\":\"block_actions\",\"user\":{\"id\":\"U777\",\"username\":\"ada\"},"
            + "\"actions\":[{\"type\":\"button\",\"action_id\":\"cost_opportunity_dismiss\","
            + "\"block_id\":\"cost_opportunity_actions\",\"value\":\""
            + id
            + "\"}]}";

    Response r = signedSlackInteraction(click, Instant.now().getEpochSecond());

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("dismissed"));
    assertThat(only().get("decidedBy").asText()).isEqualTo("U777 (ada)");
    assertThat(primary()).isEqualTo("twilio");
    assertThat(cycle()).as("a dismissed opportunity waits for the re-offer period").isZero();
  }

  @Test
  void givenNoAnswer_itShouldExpireAtTheReviewExpiry() {
    spend(10_000);
    cycle();
    await().atMost(Duration.ofSeconds(20)).until(() -> status().equals("awaiting_review"));

    await().atMost(Duration.ofSeconds(30)).until(() -> status().equals("expired"));
    assertThat(only().get("decidedBy").asText()).isEqualTo("system:cost-optimization");
    assertThat(primary()).isEqualTo("twilio");
  }

  @Test
  void givenBadParameters_theListShouldAnswer400NamingThemAndTenantKeys403() {
    assertProblem(api().get("/v1/cost/opportunities?status=open", ADMIN_KEY), 400);
    assertProblem(api().get("/v1/cost/opportunities?limit=0", ADMIN_KEY), 400);
    assertProblem(api().get("/v1/cost/opportunities", tenantKey), 403);
    assertProblem(api().get("/v1/cost/opportunities", null), 401);
  }
}
