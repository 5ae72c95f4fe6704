package io.iris.api.routing;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.routing.FailoverStarter;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.send.Channel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An operator's failover of a provider (issue 9): handed to the provider's {@code
 * FailoverReevaluationWorkflow}, which marks it failed over (with the audit row, carrying the
 * operator's key), drains its in-flight sends and fails it back in its own time; {@code cancel} on
 * that workflow is the manual fail-back.
 */
@RestController
@RequiresScope(Scope.ADMIN)
class ProviderFailoverController {

  private static final Logger log = LoggerFactory.getLogger(ProviderFailoverController.class);

  /** Temporal's answers that mean it is not reachable now (a retry may pass). */
  private static final Set<Status.Code> UNREACHABLE =
      EnumSet.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED);

  record FailoverBody(@Size(max = 20) String channel, @NotBlank @Size(max = 500) String reason) {}

  record FailoverAccepted(String provider, String channel, String status, String workflowId) {}

  private final ProviderRegistry providers;
  private final FailoverStarter starter;
  private final Clock clock;
  private final Duration retryAfter;

  ProviderFailoverController(
      ProviderRegistry providers,
      FailoverStarter starter,
      Clock clock,
      @Value("${iris.api.database-retry-after}") Duration retryAfter) {
    this.providers = providers;
    this.starter = starter;
    this.clock = clock;
    this.retryAfter = retryAfter;
  }

  @Operation(
      summary =
          "Fail a provider over now (admin): new sends leave it, in-flight ones are told to"
              + " switch, and it fails back gradually once healthy")
  @ApiResponse(
      responseCode = "202",
      description = "Handed to the provider's re-evaluation workflow (workflowId)")
  @PostMapping("/v1/providers/{name}/failover")
  ResponseEntity<FailoverAccepted> failover(
      ApiPrincipal principal, @PathVariable String name, @Valid @RequestBody FailoverBody request) {
    principal.requireAdmin();
    ProviderAdapter adapter =
        providers
            .find(name)
            .filter(ProviderAdapter::enabled)
            .orElseThrow(() -> ApiProblem.notFound("enabled provider", name));
    Channel channel = adapter.channel();
    if (request.channel() != null) {
      Channel asked;
      try {
        asked = Channel.fromWire(request.channel());
      } catch (IllegalArgumentException unknown) {
        throw ApiProblem.invalidField("channel", "is not a channel");
      }
      if (asked != channel) {
        throw ApiProblem.invalidField(
            "channel",
            "is not a channel of provider '" + name + "' (it sends " + channel.wireName() + ")");
      }
    }
    FailoverRequest failover =
        new FailoverRequest(
            UUID.randomUUID().toString(),
            adapter.name(),
            channel,
            FailoverTrigger.MANUAL,
            request.reason().strip(),
            principal.keyId().toString(),
            clock.millis());
    String workflowId;
    try {
      workflowId = starter.request(failover);
    } catch (RuntimeException e) {
      if (!unreachable(e)) {
        throw e;
      }
      log.warn("failover of {} not handed over, Temporal unreachable: {}", name, e.getMessage());
      ApiProblem problem =
          ApiProblem.unavailable(
              "Temporal is unreachable, so the failover was not started. Retry after "
                  + seconds()
                  + " s.");
      problem.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds()));
      throw problem;
    }
    return ResponseEntity.accepted()
        .body(new FailoverAccepted(adapter.name(), channel.wireName(), "failed_over", workflowId));
  }

  private long seconds() {
    return Math.max(1, retryAfter.toSeconds());
  }

  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && UNREACHABLE.contains(grpc.getStatus().getCode())) {
        return true;
      }
    }
    return false;
  }
}
