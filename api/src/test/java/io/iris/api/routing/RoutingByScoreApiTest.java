package io.iris.api.routing;

import static io.iris.api.routing.RoutingApiTest.names;
import static io.iris.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.routing.RoutingSnapshot;
import io.iris.activities.send.SendRecordActivitiesImpl;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendPlan;
import io.iris.workflows.send.SendRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Routing by score turned on (the test profile turns it off for the other tests): the route the API
 * shows and the one prepareSend plans follow the scores, and a tenant key gets its own requirements
 * applied.
 */
@TestPropertySource(properties = "iris.routing.by-score=true")
class RoutingByScoreApiTest extends ApiTestBase {

  @Autowired DSLContext db;
  @Autowired RoutingSnapshot snapshot;
  @Autowired SendRecordActivitiesImpl sendRecords;

  RoutingFixtures fixtures;

  static final Instant AT = Instant.parse("2026-12-02T01:00:00Z");

  @BeforeEach
  void scores() {
    fixtures = new RoutingFixtures(db, snapshot);
    fixtures.clear();
    // telnyx best and cheapest, plivo next, twilio (first in the configured route) worst.
    fixtures.score("twilio", "sms", AT, 80, 80, "0.0079", 300);
    fixtures.score("telnyx", "sms", AT.plusSeconds(1), 97, 97, "0.0040", 120);
    fixtures.score("plivo", "sms", AT, 93, 93, "0.0050", 150);
  }

  @AfterEach
  void cleanUp() {
    fixtures.clear();
  }

  @Test
  void givenScores_whenTheRouteIsRead_itShouldBeTheRoutersOrderWithItsReason() {
    Response r = api().get("/v1/routing/sms", ADMIN_KEY);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(names(r.json().get("providers"))).containsExactly("telnyx", "plivo", "twilio");
    assertThat(r.json().get("reason").asText()).startsWith("telnyx: ");
    assertThat(r.json().at("/providers/0/score/overall").asDouble()).isEqualTo(97);
    assertThat(r.json().at("/providers/2/status").asText()).isEqualTo("degraded");
    assertThat(Instant.parse(r.json().get("updatedAt").asText())).isEqualTo(AT.plusSeconds(1));
  }

  @Test
  void givenATenantWithAMaximumCost_whenItsKeyReadsTheRoute_itShouldGetItsRequirementsApplied() {
    JsonNode tenant = createTenant(uniqueName("cheap"));
    UUID tenantId = UUID.fromString(tenant.get("id").asText());
    db.update(TENANTS)
        .set(TENANTS.MAX_COST_PER_MESSAGE_USD, new BigDecimal("0.0060"))
        .where(TENANTS.ID.eq(tenantId))
        .execute();

    Response own = api().get("/v1/routing/sms", tenant.get("apiKey").asText());
    Response admin = api().get("/v1/routing/sms", ADMIN_KEY);

    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(names(own.json().get("providers"))).containsExactly("telnyx", "plivo");
    assertThat(own.json().get("reason").asText()).contains("left out").contains("twilio");
    assertThat(names(admin.json().get("providers"))).containsExactly("telnyx", "plivo", "twilio");

    // The send path plans the same route and records its reason in the plan.
    SendPlan plan =
        sendRecords
            .prepareSend(
                new SendRequest(
                    UUID.randomUUID().toString(),
                    tenantId.toString(),
                    Channel.SMS,
                    "+14155550123",
                    "",
                    "",
                    "hello",
                    "normal",
                    Map.of(),
                    ""),
                System.currentTimeMillis())
            .plan();
    assertThat(plan.providers()).containsExactly("telnyx", "plivo");
    assertThat(plan.routeReason()).isEqualTo(own.json().get("reason").asText());
    assertThat(plan.failOverWhenUnsure()).isFalse();
  }
}
