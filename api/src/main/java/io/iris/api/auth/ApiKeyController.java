package io.iris.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ApiKeyController {

  /**
   * @param gracePeriod ISO-8601 duration the old key keeps working, e.g. "PT1H"
   */
  record RotateRequest(Duration gracePeriod) {}

  record CreateAdminKeyRequest(@NotBlank @Size(max = 200) String name, Instant expiresAt) {}

  /** Who the presented key is. */
  record Me(UUID keyId, String scope, UUID tenantId) {}

  private final ApiKeyService apiKeys;

  ApiKeyController(ApiKeyService apiKeys) {
    this.apiKeys = apiKeys;
  }

  @Operation(summary = "Who the presented API key is")
  @GetMapping("/v1/me")
  Me me(ApiPrincipal principal) {
    return new Me(
        principal.keyId(), principal.scope().dbValue(), principal.tenantId().orElse(null));
  }

  @Operation(summary = "Make another admin key; the key is shown once (admin)")
  @ApiResponse(responseCode = "201", description = "Created; apiKey is shown this once")
  @PostMapping("/v1/admin/api-keys")
  @RequiresScope(Scope.ADMIN)
  ResponseEntity<IssuedApiKey> createAdminKey(
      ApiPrincipal principal, @Valid @RequestBody CreateAdminKeyRequest request) {
    IssuedApiKey issued =
        apiKeys.issueAdminKey(
            principal, request.name().strip(), Optional.ofNullable(request.expiresAt()));
    return ResponseEntity.created(URI.create("/v1/api-keys/" + issued.id())).body(issued);
  }

  @Operation(
      summary = "Rotate a key",
      description =
          "Issues a successor (shown once); the old key keeps working for the grace period"
              + " (default iris.auth.rotation-grace), then stops.")
  @ApiResponse(responseCode = "201", description = "The successor; apiKey is shown this once")
  @ApiResponse(responseCode = "409", description = "Only an active key can be rotated")
  @PostMapping("/v1/api-keys/{id}/rotate")
  ResponseEntity<IssuedApiKey> rotate(
      ApiPrincipal principal,
      @PathVariable UUID id,
      @RequestBody(required = false) RotateRequest request) {
    IssuedApiKey issued =
        apiKeys.rotate(principal, id, Optional.ofNullable(request).map(RotateRequest::gracePeriod));
    return ResponseEntity.created(URI.create("/v1/api-keys/" + issued.id())).body(issued);
  }

  @Operation(summary = "Revoke a key at once")
  @DeleteMapping("/v1/api-keys/{id}")
  ApiKeyView revoke(ApiPrincipal principal, @PathVariable UUID id) {
    return apiKeys.revoke(principal, id);
  }
}
