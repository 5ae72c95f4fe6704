package io.iris.api.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/capacity/forecast}: its shape, for admins only. */
class CapacityApiTest extends ApiTestBase {

  @Test
  void givenAnAdmin_theForecastShouldHaveThirtyDaysOfEachSeriesAndItsConstraints() {
    Response r = api().get("/v1/capacity/forecast", ADMIN_KEY);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode f = r.json();
    assertThat(f.hasNonNull("generatedAt")).isTrue();
    assertThat(f.get("horizonDays").asInt()).isEqualTo(30);
    for (String s : new String[] {"messages", "costUsd", "activeTenants"}) {
      JsonNode points = f.at("/series/" + s);
      assertThat(points.size()).as(s).isEqualTo(30);
      assertThat(points.get(0).has("date")).isTrue();
      assertThat(points.get(0).get("lower").asDouble())
          .isLessThanOrEqualTo(points.get(0).get("value").asDouble());
      assertThat(points.get(0).get("upper").asDouble())
          .isGreaterThanOrEqualTo(points.get(0).get("value").asDouble());
    }
    assertThat(f.at("/constraints/0/name").asText()).isEqualTo("messages_per_day");
    assertThat(f.get("recommendations").isArray()).isTrue();
  }

  @Test
  void givenATenantKey_itShouldBeRefused() {
    String key = createTenant(uniqueName("cap")).get("apiKey").asText();
    assertProblem(api().get("/v1/capacity/forecast", key), 403);
  }
}
