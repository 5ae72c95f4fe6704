package io.iris.api.platform;

import static io.iris.api.platform.ContractCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.RoutingSnapshot;
import io.iris.api.routing.RoutingFixtures;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.time.Instant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GET /v1/providers and GET /v1/routing/{channel} against the OpenAPI document, strictly (as {@link
 * OpenApiContractTest} does for the other operations): successes with and without scores, bad
 * channels, wrong and missing keys.
 */
class RoutingOpenApiContractTest extends ApiTestBase {

  @Autowired DSLContext db;
  @Autowired RoutingSnapshot snapshot;

  @Test
  void givenLiveCallsOfTheRoutingReads_whenValidatedStrictly_itShouldMatchTheDocument()
      throws Exception {
    Response docs = api().get("/v3/api-docs", null);
    assertThat(docs.status()).as(docs.body()).isEqualTo(200);
    ContractCalls calls = new ContractCalls(port, docs.body());
    String tenantKey = createTenant(uniqueName("contract-routing")).get("apiKey").asText();

    calls.send(get("/v1/providers").key(ADMIN_KEY), 200);
    calls.send(get("/v1/providers?channel=sms").key(tenantKey), 200);
    calls.send(get("/v1/providers?channel=fax").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/providers"), 401);
    calls.send(get("/v1/routing/sms").key(ADMIN_KEY), 200);
    calls.send(get("/v1/routing/email").key(tenantKey), 200);
    calls.send(get("/v1/routing/xsmsx").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/routing/sms").key("iris_not_a_key_at_all_0000000000000000"), 401);

    // With scores: the same reads carry a score object where they carried null.
    RoutingFixtures fixtures = new RoutingFixtures(db, snapshot);
    try {
      fixtures.score("twilio", "sms", Instant.now(), 93, 91, "0.0079", 300);
      Response scored = api().get("/v1/providers?channel=sms", ADMIN_KEY);
      assertThat(scored.body()).contains("\"overall\":93");
      calls.send(get("/v1/providers").key(ADMIN_KEY), 200);
      calls.send(get("/v1/routing/sms").key(ADMIN_KEY), 200);
    } finally {
      fixtures.clear();
    }

    assertThat(calls.mismatches())
        .as("exchanges that depart from /v3/api-docs:%n%s", String.join("\n\n", calls.mismatches()))
        .isEmpty();
  }
}
