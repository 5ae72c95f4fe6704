package io.iris.api.send;

import io.iris.activities.send.SuppressionList;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.api.send.MessageRequests.Suppress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresScope(Scope.TENANT)
class SuppressionController {

  private final SuppressionList suppressions;

  SuppressionController(SuppressionList suppressions) {
    this.suppressions = suppressions;
  }

  @Operation(summary = "The tenant's suppressed recipients (bounces, complaints, manual)")
  @GetMapping("/v1/suppressions")
  List<SuppressionList.Entry> list(
      ApiPrincipal principal, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    return suppressions.list(MessageService.sendingTenant(principal), limit);
  }

  @Operation(summary = "Suppress a recipient by hand")
  @ApiResponse(responseCode = "201", description = "Suppressed")
  @ApiResponse(responseCode = "200", description = "Already suppressed")
  @PostMapping("/v1/suppressions")
  ResponseEntity<Void> add(ApiPrincipal principal, @Valid @RequestBody Suppress request) {
    UUID tenant = MessageService.sendingTenant(principal);
    boolean added =
        suppressions.add(
            tenant,
            request.channel(),
            request.address(),
            "manual",
            MessageService.orEmpty(request.detail()));
    return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).build();
  }

  @Operation(summary = "Remove a recipient from the suppression list")
  @ApiResponse(responseCode = "204", description = "Removed")
  @ApiResponse(responseCode = "404", description = "The recipient is not suppressed")
  @DeleteMapping("/v1/suppressions")
  ResponseEntity<Void> remove(
      ApiPrincipal principal, @RequestParam String channel, @RequestParam String address) {
    if (!suppressions.remove(MessageService.sendingTenant(principal), channel, address)) {
      throw ApiProblem.notFound("suppressed recipient", channel + ":" + address);
    }
    return ResponseEntity.noContent().build();
  }
}
