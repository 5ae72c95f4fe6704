package io.iris.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;

class OperationsEndpointsTest extends ApiTestBase {

  @Test
  void givenARunningApp_healthShouldBeUpWithDatabaseAndTemporal() {
    Response health = api().get("/actuator/health", null);
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode components = health.json().get("components");
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
    assertThat(components.get("temporal").get("status").asText()).isEqualTo("UP");

    Response readiness = api().get("/actuator/health/readiness", null);
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.json().get("components").fieldNames())
        .toIterable()
        .contains("db", "temporal", "readinessState");
    Response liveness = api().get("/actuator/health/liveness", null);
    assertThat(liveness.json().get("components").fieldNames())
        .toIterable()
        .containsExactly("livenessState");
  }

  @Test
  void givenARunningApp_prometheusShouldBeServed() {
    Response metrics = api().get("/actuator/prometheus", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("application=\"iris\"");
  }

  @Test
  void givenARunningApp_theOpenApiDocumentShouldDescribeTheApiAndItsBearerAuth() {
    Response docs = api().get("/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    JsonNode doc = docs.json();
    assertThat(doc.get("paths").has("/v1/tenants")).isTrue();
    assertThat(doc.get("paths").has("/v1/api-keys/{id}/rotate")).isTrue();
    assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
    // The principal is resolved from the header, not documented as a parameter.
    assertThat(docs.body()).doesNotContain("\"principal\"");

    Response ui = api().get("/swagger-ui/index.html", null);
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger");
  }
}
