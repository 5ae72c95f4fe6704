package io.iris.api.remediation;

import io.iris.api.audit.AuditLog;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.remediation.Decision;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers to a remediation waiting for a human's approval (the same as its Slack buttons): admin
 * keys; audited.
 */
@RestController
@RequiresScope(Scope.ADMIN)
class RemediationActionsController {

  record DecisionRequest(@NotBlank @Size(max = 200) String by, @Size(max = 2000) String note) {}

  record DecisionAccepted(String id, String status) {}

  private final RemediationService service;
  private final AuditLog audit;

  RemediationActionsController(RemediationService service, AuditLog audit) {
    this.service = service;
    this.audit = audit;
  }

  @Operation(summary = "Approve a remediation waiting for approval (admin; audited)")
  @ApiResponse(responseCode = "202", description = "Signalled to the remediation's workflow")
  @ApiResponse(responseCode = "400", description = "by or note is not acceptable (named)")
  @ApiResponse(responseCode = "404", description = "No remediation with that id")
  @ApiResponse(responseCode = "409", description = "It is not awaiting approval")
  @ApiResponse(responseCode = "503", description = "Temporal is unreachable (Retry-After)")
  @PostMapping("/v1/remediations/{id}/approve")
  ResponseEntity<DecisionAccepted> approve(
      ApiPrincipal principal,
      @PathVariable String id,
      @Valid @RequestBody DecisionRequest request) {
    return decide(principal, id, true, request);
  }

  @Operation(summary = "Reject a remediation waiting for approval (admin; audited)")
  @ApiResponse(responseCode = "202", description = "Signalled to the remediation's workflow")
  @ApiResponse(responseCode = "400", description = "by or note is not acceptable (named)")
  @ApiResponse(responseCode = "404", description = "No remediation with that id")
  @ApiResponse(responseCode = "409", description = "It is not awaiting approval")
  @ApiResponse(responseCode = "503", description = "Temporal is unreachable (Retry-After)")
  @PostMapping("/v1/remediations/{id}/reject")
  ResponseEntity<DecisionAccepted> reject(
      ApiPrincipal principal,
      @PathVariable String id,
      @Valid @RequestBody DecisionRequest request) {
    return decide(principal, id, false, request);
  }

  private ResponseEntity<DecisionAccepted> decide(
      ApiPrincipal principal, String id, boolean approve, DecisionRequest request) {
    principal.requireAdmin();
    String by = request.by().strip();
    String note = request.note() == null ? "" : request.note().strip();
    Decision decision =
        new Decision(
            "key " + principal.keyId().toString().substring(0, 8) + ": " + by, note, "api");
    RemediationService.Answered answered = service.decide(id, approve, decision);
    switch (answered.outcome()) {
      case UNKNOWN -> throw ApiProblem.notFound("remediation", id);
      case NOT_AWAITING, NOT_AN_APPROVER ->
          throw ApiProblem.conflict(
              "Remediation '"
                  + id
                  + "' is "
                  + answered.status().map(s -> s.wireName()).orElse("ended")
                  + ", not awaiting approval.");
      case SIGNALLED -> {}
    }
    audit.record(
        principal,
        approve ? "remediation.approved" : "remediation.rejected",
        "remediation",
        id,
        Optional.empty(),
        Map.of("by", by, "note", note));
    return ResponseEntity.accepted()
        .body(new DecisionAccepted(id, answered.status().orElseThrow().wireName()));
  }
}
