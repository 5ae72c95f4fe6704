package io.iris.api.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iris.activities.remediation.AnomalyStore;
import io.iris.activities.remediation.AnomalyStore.Anomaly;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.remediation.AnomalyType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The anomalies the detection found (admin): open ones while they persist, resolved ones after. */
@RestController
@RequiresScope(Scope.ADMIN)
class AnomalyController {

  static final int MAX_LIMIT = 1000;

  /** What an anomaly affected. */
  record AnomalyImpact(long messages, int tenants) {}

  /**
   * One anomaly.
   *
   * @param deviation (actual − expected) / expected × 100
   */
  record AnomalyView(
      UUID id,
      @Schema(
              allowableValues = {
                "delivery_rate_drop",
                "latency_spike",
                "cost_spike",
                "delivery_rate_anomaly",
                "provider_outage",
                "task_queue_backlog",
                "noisy_neighbor_volume"
              })
          String type,
      @Schema(allowableValues = {"critical", "high", "medium", "low"}) String severity,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) String channel,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) String provider,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) String tenantId,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) String taskQueue,
      BigDecimal expected,
      BigDecimal actual,
      BigDecimal deviation,
      @Schema(allowableValues = {"percent", "ms", "usd_per_hour", "messages", "ratio"}) String unit,
      @Schema(allowableValues = {"open", "resolved"}) String status,
      Instant detectedAt,
      Instant lastSeenAt,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Instant resolvedAt,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) UUID incidentId,
      String detail,
      int occurrences,
      AnomalyImpact impact,
      Map<String, String> evidence) {}

  private final AnomalyStore store;

  AnomalyController(AnomalyStore store) {
    this.store = store;
  }

  @Operation(summary = "Anomalies, newest first (admin)")
  @GetMapping("/v1/anomalies")
  List<AnomalyView> list(
      @Parameter(schema = @Schema(allowableValues = {"open", "resolved"}))
          @RequestParam(required = false)
          String status,
      @Parameter(
              schema =
                  @Schema(
                      allowableValues = {
                        "delivery_rate_drop",
                        "latency_spike",
                        "cost_spike",
                        "delivery_rate_anomaly",
                        "provider_outage",
                        "task_queue_backlog",
                        "noisy_neighbor_volume"
                      }))
          @RequestParam(required = false)
          String type,
      @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit) {
    Optional<String> s = Optional.ofNullable(status);
    s.ifPresent(
        v -> {
          if (!List.of("open", "resolved").contains(v)) {
            throw ApiProblem.invalidParameter("status", "must be open or resolved");
          }
        });
    Optional<AnomalyType> t =
        Optional.ofNullable(type)
            .map(
                v ->
                    AnomalyType.fromWire(v)
                        .orElseThrow(
                            () ->
                                ApiProblem.invalidParameter(
                                    "type",
                                    "must be one of "
                                        + Arrays.stream(AnomalyType.values())
                                            .map(AnomalyType::wireName)
                                            .toList())));
    return store.list(s, t, limit).stream().map(AnomalyController::view).toList();
  }

  static AnomalyView view(Anomaly a) {
    return new AnomalyView(
        a.id(),
        a.type().wireName(),
        a.severity().wireName(),
        nullIfEmpty(a.channel()),
        nullIfEmpty(a.provider()),
        nullIfEmpty(a.tenantId()),
        nullIfEmpty(a.taskQueue()),
        a.expected().stripTrailingZeros(),
        a.actual().stripTrailingZeros(),
        a.deviationPercent().stripTrailingZeros(),
        a.unit(),
        a.status(),
        a.detectedAt(),
        a.lastSeenAt(),
        a.resolvedAt(),
        a.incidentId(),
        a.detail(),
        a.occurrences(),
        new AnomalyImpact(a.messagesAffected(), a.tenantsAffected()),
        a.evidence());
  }

  private static String nullIfEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
