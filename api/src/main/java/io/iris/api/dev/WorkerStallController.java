package io.iris.api.dev;

import io.iris.api.auth.ApiKeyService;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.problem.ApiProblem;
import io.iris.workers.platform.WorkerControls;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A fault hook for the benchmark and tests, never in production: {@code POST
 * /dev/faults/worker-stall {"taskQueue","seconds"}} (admin key) suspends this process's polling of
 * the queue and resumes it after {@code seconds}. It exists only with {@code
 * IRIS_DEV_FAULTS_ENABLED=true}; otherwise the route is not mapped (404).
 */
@RestController
@Hidden
@ConditionalOnProperty(name = "iris.dev.faults-enabled", havingValue = "true")
class WorkerStallController {

  record Stall(
      @NotBlank @Size(max = 200) String taskQueue, @NotNull @Min(1) @Max(3600) Integer seconds) {}

  record Stalled(String taskQueue, int seconds) {}

  private static final String BEARER = "Bearer ";

  private final WorkerControls workers;
  private final ApiKeyService keys;

  WorkerStallController(WorkerControls workers, ApiKeyService keys) {
    this.workers = workers;
    this.keys = keys;
  }

  @PostMapping("/dev/faults/worker-stall")
  ResponseEntity<Stalled> stall(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @Valid @RequestBody Stall body) {
    // /dev is outside /v1, so the API-key filter does not run: authenticate here.
    Optional<ApiPrincipal> principal =
        authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
            ? Optional.empty()
            : keys.authenticate(authorization.substring(BEARER.length()).trim());
    if (principal.isEmpty()) {
      throw ApiProblem.unauthorized("An admin API key (Authorization: Bearer) is required.");
    }
    principal.get().requireAdmin();
    if (!workers.stall(body.taskQueue(), Duration.ofSeconds(body.seconds()))) {
      throw ApiProblem.invalidField("taskQueue", "has no worker in this process");
    }
    return ResponseEntity.accepted().body(new Stalled(body.taskQueue(), body.seconds()));
  }
}
