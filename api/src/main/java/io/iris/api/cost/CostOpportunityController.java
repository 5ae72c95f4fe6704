package io.iris.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iris.activities.cost.OpportunityStore;
import io.iris.activities.cost.OpportunityStore.Row;
import io.iris.api.audit.AuditLog;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.cost.CostAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cost-optimization opportunities (admin keys): what the hourly cycle found, how each was
 * decided, what it changed, and the saving measured after; and the answers to those under review
 * (the same as their Slack buttons), audited.
 */
@RestController
@RequiresScope(Scope.ADMIN)
class CostOpportunityController {

  static final String STATUSES =
      "identified, awaiting_review, applied, dismissed, expired, reverted, failed";

  private static final Set<String> STATUS_SET =
      Set.of(
          "identified", "awaiting_review", "applied", "dismissed", "expired", "reverted", "failed");

  record RoutingChangeView(String provider, String failoverId) {}

  @Schema(name = "CostOpportunity")
  record OpportunityView(
      UUID id,
      @Schema(allowableValues = {"provider_switch", "volume_discount", "idle_resource"})
          String type,
      @Schema(
              allowableValues = {
                "identified",
                "awaiting_review",
                "applied",
                "dismissed",
                "expired",
                "reverted",
                "failed"
              })
          String status,
      String channel,
      String currentProvider,
      @Schema(description = "\"\" for an idle resource") String recommendedProvider,
      @Schema(description = "the idle sender or number; \"\" otherwise") String resource,
      @Schema(description = "what the traffic or resource costs a day now")
          BigDecimal currentCostUsd,
      @Schema(description = "what the change would save a day") BigDecimal potentialSavingsUsd,
      BigDecimal savingsPercent,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true)
          BigDecimal currentCostPerMessageUsd,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true)
          BigDecimal newCostPerMessageUsd,
      @Schema(allowableValues = {"minimal", "moderate"}) String qualityImpact,
      @Schema(description = "whether this kind may be applied without review at all")
          boolean autoApply,
      String reason,
      Instant identifiedAt,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Instant reviewExpiresAt,
      String decidedBy,
      String decisionNote,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Instant appliedAt,
      List<RoutingChangeView> routingChanges,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Instant revertedAt,
      String revertReason,
      @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(
              nullable = true,
              description = "the saving a day measured after applying; null until measured")
          BigDecimal actualSavingsUsd,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) Instant measuredAt) {}

  record AnswerRequest(@NotBlank @Size(max = 200) String by, @Size(max = 2000) String note) {}

  record AnswerAccepted(UUID id, String status) {}

  private final OpportunityStore store;
  private final CostOpportunityService service;
  private final AuditLog audit;

  CostOpportunityController(
      OpportunityStore store, CostOpportunityService service, AuditLog audit) {
    this.store = store;
    this.service = service;
    this.audit = audit;
  }

  @Operation(summary = "Cost-optimization opportunities, newest first (admin)")
  @ApiResponse(responseCode = "200", description = "The opportunities")
  @ApiResponse(responseCode = "400", description = "A parameter is not acceptable (named)")
  @GetMapping("/v1/cost/opportunities")
  List<OpportunityView> list(
      ApiPrincipal principal,
      @Parameter(
              schema =
                  @Schema(
                      allowableValues = {
                        "identified",
                        "awaiting_review",
                        "applied",
                        "dismissed",
                        "expired",
                        "reverted",
                        "failed"
                      }))
          @RequestParam
          Optional<String> status,
      @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "1000")) @RequestParam
          Optional<String> limit) {
    principal.requireAdmin();
    if (status.isPresent() && !STATUS_SET.contains(status.get())) {
      throw ApiProblem.invalidParameter("status", "must be one of " + STATUSES);
    }
    int n = limit.map(CostOpportunityController::limit).orElse(100);
    return store.list(status, n).stream().map(CostOpportunityController::view).toList();
  }

  @Operation(summary = "Apply an opportunity under review (admin; audited)")
  @ApiResponse(responseCode = "202", description = "Signalled to the opportunity's workflow")
  @ApiResponse(responseCode = "400", description = "by or note is not acceptable (named)")
  @ApiResponse(responseCode = "404", description = "No opportunity with that id")
  @ApiResponse(responseCode = "409", description = "It is not awaiting review")
  @ApiResponse(responseCode = "503", description = "Temporal is unreachable (Retry-After)")
  @PostMapping("/v1/cost/opportunities/{id}/approve")
  ResponseEntity<AnswerAccepted> approve(
      ApiPrincipal principal, @PathVariable String id, @Valid @RequestBody AnswerRequest request) {
    return answer(principal, id, true, request);
  }

  @Operation(summary = "Dismiss an opportunity under review (admin; audited)")
  @ApiResponse(responseCode = "202", description = "Signalled to the opportunity's workflow")
  @ApiResponse(responseCode = "400", description = "by or note is not acceptable (named)")
  @ApiResponse(responseCode = "404", description = "No opportunity with that id")
  @ApiResponse(responseCode = "409", description = "It is not awaiting review")
  @ApiResponse(responseCode = "503", description = "Temporal is unreachable (Retry-After)")
  @PostMapping("/v1/cost/opportunities/{id}/dismiss")
  ResponseEntity<AnswerAccepted> dismiss(
      ApiPrincipal principal, @PathVariable String id, @Valid @RequestBody AnswerRequest request) {
    return answer(principal, id, false, request);
  }

  private ResponseEntity<AnswerAccepted> answer(
      ApiPrincipal principal, String id, boolean approve, AnswerRequest request) {
    principal.requireAdmin();
    String by = request.by().strip();
    String note = request.note() == null ? "" : request.note().strip();
    String shown = id.length() > 200 ? id.substring(0, 200) : id;
    CostOpportunityService.Answered answered =
        service.answer(
            id,
            approve,
            new CostAnswer(
                "key " + principal.keyId().toString().substring(0, 8) + ": " + by, note));
    switch (answered.outcome()) {
      case UNKNOWN -> throw ApiProblem.notFound("cost opportunity", shown);
      case NOT_AWAITING ->
          throw ApiProblem.conflict(
              "Cost opportunity '"
                  + shown
                  + "' is "
                  + answered.status()
                  + ", not awaiting review.");
      case SIGNALLED -> {}
    }
    audit.record(
        principal,
        approve ? "cost.opportunity.approve" : "cost.opportunity.dismiss",
        "cost_opportunity",
        id,
        Optional.empty(),
        Map.of("by", by, "note", note));
    return ResponseEntity.accepted()
        .body(new AnswerAccepted(UUID.fromString(id), answered.status()));
  }

  private static int limit(String v) {
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiProblem.invalidParameter("limit", "must be a whole number from 1 to 1000");
  }

  static OpportunityView view(Row r) {
    return new OpportunityView(
        r.id(),
        r.type().wireName(),
        r.status(),
        r.channel(),
        r.currentProvider(),
        r.recommendedProvider(),
        r.resource(),
        r.currentCostUsdPerDay(),
        r.savingsUsdPerDay(),
        r.savingsPercent(),
        r.currentCostPerMessageUsd().orElse(null),
        r.newCostPerMessageUsd().orElse(null),
        r.qualityImpact(),
        r.allowsAutoApply(),
        r.reason(),
        r.identifiedAt(),
        r.reviewExpiresAt().orElse(null),
        r.decidedBy(),
        r.decisionNote(),
        r.appliedAt().orElse(null),
        r.routingChanges().stream()
            .map(c -> new RoutingChangeView(c.get("provider"), c.get("failoverId")))
            .toList(),
        r.revertedAt().orElse(null),
        r.revertReason(),
        r.actualSavingsUsdPerDay().orElse(null),
        r.measuredAt().orElse(null));
  }
}
