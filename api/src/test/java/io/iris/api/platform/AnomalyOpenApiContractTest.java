package io.iris.api.platform;

import static io.iris.api.platform.ContractCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.AnomalyStore;
import io.iris.activities.remediation.AnomalyStore.Impact;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** GET /v1/anomalies against the OpenAPI document, strictly (as {@link OpenApiContractTest}). */
class AnomalyOpenApiContractTest extends ApiTestBase {

  @Autowired AnomalyStore store;

  @Test
  void givenLiveCallsOfTheAnomalyList_whenValidatedStrictly_itShouldMatchTheDocument() {
    store.record(
        Instant.now(),
        List.of(
            new Finding(
                AnomalyType.NOISY_NEIGHBOR_VOLUME,
                Severity.HIGH,
                "noisy_neighbor_volume:contract",
                "",
                "",
                "",
                "",
                10,
                500,
                4900,
                "messages",
                "a tenant sent 500 messages",
                Map.of("activeTenants", "4"))),
        f -> new Impact(500, 1),
        2,
        Duration.ofDays(90));
    Response docs = api().get("/v3/api-docs", null);
    assertThat(docs.status()).as(docs.body()).isEqualTo(200);
    ContractCalls calls = new ContractCalls(port, docs.body());
    String tenantKey = createTenant(uniqueName("contract-anomalies")).get("apiKey").asText();

    calls.send(get("/v1/anomalies").key(ADMIN_KEY), 200);
    calls.send(
        get("/v1/anomalies?status=open&type=noisy_neighbor_volume&limit=1").key(ADMIN_KEY), 200);
    calls.send(get("/v1/anomalies?type=nope").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/anomalies?limit=0").key(ADMIN_KEY).invalid(), 400);
    calls.send(get("/v1/anomalies").key(tenantKey), 403);
    calls.send(get("/v1/anomalies"), 401);

    assertThat(calls.mismatches())
        .as("exchanges that depart from /v3/api-docs:%n%s", String.join("\n\n", calls.mismatches()))
        .isEmpty();
  }
}
