package io.iris.api.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.capacity.CapacityActivitiesImpl;
import io.iris.activities.capacity.CapacityForecaster;
import io.iris.activities.capacity.CapacityStore;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The latest capacity forecast (admin); the first one is made on request if none exists yet. */
@RestController
@RequiresScope(Scope.ADMIN)
class CapacityController {

  private final CapacityStore store;
  private final CapacityActivitiesImpl capacity;
  private final ObjectMapper json;
  private final Clock clock;

  CapacityController(
      CapacityStore store, CapacityActivitiesImpl capacity, ObjectMapper json, Clock clock) {
    this.store = store;
    this.capacity = capacity;
    this.json = json;
    this.clock = clock;
  }

  @Operation(
      summary =
          "Messages, cost and active tenants forecast 30 days out with a band, the constraints"
              + " they reach and recommendations (admin)")
  @GetMapping("/v1/capacity/forecast")
  JsonNode forecast() {
    String stored =
        store
            .latestJson()
            .orElseGet(
                () -> {
                  CapacityForecaster.Report report = capacity.compute(clock.instant());
                  store.save(report);
                  return store.latestJson().orElseThrow();
                });
    try {
      return json.readTree(stored);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
