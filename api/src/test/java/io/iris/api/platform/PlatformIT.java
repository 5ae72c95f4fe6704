package io.iris.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.RealTemporal;
import io.iris.api.support.RealTemporalTestBase;
import io.iris.workflows.common.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The platform against the real Temporal dev server that {@code make test} starts ({@code
 * IRIS_IT_TEMPORAL_TARGET}) and the real PostgreSQL test database.
 */
class PlatformIT extends RealTemporalTestBase {

  static final String ADMIN_KEY = RealTemporal.ADMIN_KEY;

  static String temporalTarget() {
    return RealTemporal.target();
  }

  @Test
  void givenTheDevServer_healthShouldReportDatabaseAndTemporalUp() {
    Response health = new ApiClient(port).get("/actuator/health/readiness", null);
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode components = health.json().get("components");
    assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
    assertThat(components.get("temporal").get("status").asText()).isEqualTo("UP");
  }

  @Test
  void givenTheDevServer_theSearchAttributesShouldBeRegisteredAsKeywords() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(temporalTarget())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> custom =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace("default").build())
              .getCustomAttributesMap();
      SearchAttributes.ALL.forEach(
          key ->
              assertThat(custom)
                  .containsEntry(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    } finally {
      operator.shutdownNow();
    }
  }

  @Test
  void givenTheDevServer_prometheusShouldCarryTheTemporalSdkMetrics() {
    ApiClient api = new ApiClient(port);
    // The SDK reports through Micrometer on an interval; wait for its first report.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(api.get("/actuator/prometheus", null).body())
                    .contains("temporal_request_total"));
  }

  @Test
  void givenTheDevServer_anAdminShouldCreateATenantWhoseKeyWorks() {
    ApiClient api = new ApiClient(port);
    Response created =
        api.post("/v1/tenants", ADMIN_KEY, "{\"name\":\"e2e-" + UUID.randomUUID() + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Response me = api.get("/v1/me", created.json().get("apiKey").asText());
    assertThat(me.json().get("tenantId").asText()).isEqualTo(created.json().get("id").asText());
  }
}
