package io.iris.api.platform;

import static io.iris.api.platform.ContractCalls.get;
import static io.iris.api.platform.ContractCalls.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.cost.OpportunityRules.Found;
import io.iris.activities.cost.OpportunityStore;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.cost.CostOpportunity.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GET /v1/cost/opportunities and the answers to them against the OpenAPI document, strictly (as
 * {@link OpenApiContractTest}): rows with and without the optional figures, bad parameters and
 * bodies, answers to an opportunity not under review and to none, tenant and missing keys.
 */
class CostOpportunityOpenApiContractTest extends ApiTestBase {

  @Autowired OpportunityStore store;

  @Test
  void givenLiveCallsOfTheOpportunities_whenValidatedStrictly_theyShouldMatchTheDocument() {
    Instant now = Instant.now();
    UUID idle =
        store
            .insert(
                new Found(
                    "idle_resource:contract:" + UUID.randomUUID(),
                    Type.IDLE_RESOURCE,
                    "",
                    "twilio",
                    "",
                    "+15550009999",
                    new BigDecimal("0.038333"),
                    new BigDecimal("0.038333"),
                    new BigDecimal("100.00"),
                    Optional.empty(),
                    Optional.empty(),
                    "minimal",
                    false,
                    "sent nothing in 30 days"),
                now)
            .orElseThrow();
    UUID applied =
        store
            .insert(
                new Found(
                    "provider_switch:contract:" + UUID.randomUUID(),
                    Type.PROVIDER_SWITCH,
                    "sms",
                    "twilio",
                    "telnyx",
                    "",
                    new BigDecimal("189.6"),
                    new BigDecimal("93.6"),
                    new BigDecimal("49.37"),
                    Optional.of(new BigDecimal("0.0079")),
                    Optional.of(new BigDecimal("0.0040")),
                    "minimal",
                    true,
                    "cheaper"),
                now)
            .orElseThrow();
    store.applied(
        applied,
        "system:cost-optimization",
        List.of(Map.of("provider", "twilio", "failoverId", UUID.randomUUID().toString())),
        now);
    store.measured(applied, new BigDecimal("90.1"), now);
    Response docs = api().get("/v3/api-docs", null);
    assertThat(docs.status()).as(docs.body()).isEqualTo(200);
    ContractCalls calls = new ContractCalls(port, docs.body());
    String tenantKey = createTenant(uniqueName("contract-cost")).get("apiKey").asText();

    calls.send(get("/v1/cost/opportunities").key(ADMIN_KEY), 200);
    calls.send(get("/v1/cost/opportunities?status=applied&limit=5").key(ADMIN_KEY), 200);
    calls.send(get("/v1/cost/opportunities?status=open").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/cost/opportunities?limit=0").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/cost/opportunities").key(tenantKey), 403);
    calls.send(get("/v1/cost/opportunities"), 401);
    String answer = "{\"by\":\"ada\",\"note\":\"ok\"}";
    calls.send(
        post("/v1/cost/opportunities/" + applied + "/approve").key(ADMIN_KEY).json(answer), 409);
    calls.send(
        post("/v1/cost/opportunities/" + idle + "/dismiss").key(ADMIN_KEY).json(answer), 409);
    calls.send(
        post("/v1/cost/opportunities/" + UUID.randomUUID() + "/dismiss")
            .key(ADMIN_KEY)
            .json(answer),
        404);
    calls.send(
        post("/v1/cost/opportunities/" + idle + "/approve")
            .key(ADMIN_KEY)
            .json("{\"note\":\"no by\"}")
            .invalid(),
        400);
    calls.send(
        post("/v1/cost/opportunities/" + idle + "/approve").key(tenantKey).json(answer), 403);

    assertThat(calls.mismatches())
        .as("exchanges that depart from /v3/api-docs:%n%s", String.join("\n\n", calls.mismatches()))
        .isEmpty();
  }
}
