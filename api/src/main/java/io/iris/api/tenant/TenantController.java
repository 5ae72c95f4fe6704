package io.iris.api.tenant;

import io.iris.api.auth.ApiKeyService;
import io.iris.api.auth.ApiKeyView;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.IssuedApiKey;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.tenant.TenantService.CreatedTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TenantController {

  record CreateTenantRequest(@NotBlank @Size(max = 200) String name) {}

  /** DESIGN §5: {@code {"id","name","apiKey"}}, plus the key's id and the tenant's state. */
  record CreateTenantResponse(
      UUID id, String name, String status, Instant createdAt, String apiKey, UUID apiKeyId) {
    /** Redacts the key, so debug logging of responses cannot leak it. */
    @Override
    public String toString() {
      return "CreateTenantResponse[id=" + id + ", name=" + name + ", apiKeyId=" + apiKeyId + "]";
    }
  }

  record DeliveryGuaranteeRequest(
      @NotBlank
          @Pattern(
              regexp = "at_most_once|at_least_once",
              message = "must be one of at_most_once|at_least_once")
          String guarantee) {}

  /** Each null asks nothing of that kind; see {@link Tenant.RoutingRequirements}. */
  record RoutingRequirementsRequest(
      @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2)
          BigDecimal minDeliveryRatePercent,
      @Min(0) @Max(3_600_000) Long maxLatencyMs,
      @DecimalMin("0") @Digits(integer = 6, fraction = 6) BigDecimal maxCostPerMessageUsd) {}

  record CreateKeyRequest(@NotBlank @Size(max = 200) String name, Instant expiresAt) {}

  private final TenantService tenants;
  private final ApiKeyService apiKeys;

  TenantController(TenantService tenants, ApiKeyService apiKeys) {
    this.tenants = tenants;
    this.apiKeys = apiKeys;
  }

  @Operation(summary = "Create a tenant and its first API key, shown once (admin)")
  @ApiResponse(responseCode = "201", description = "Created; apiKey is shown this once")
  @ApiResponse(responseCode = "409", description = "A tenant with this name exists")
  @PostMapping("/v1/tenants")
  @RequiresScope(Scope.ADMIN)
  ResponseEntity<CreateTenantResponse> create(
      ApiPrincipal principal, @Valid @RequestBody CreateTenantRequest request) {
    CreatedTenant created = tenants.create(principal, request.name());
    Tenant t = created.tenant();
    return ResponseEntity.created(URI.create("/v1/tenants/" + t.id()))
        .body(
            new CreateTenantResponse(
                t.id(),
                t.name(),
                t.status(),
                t.createdAt(),
                created.firstKey().apiKey(),
                created.firstKey().id()));
  }

  @Operation(summary = "List tenants, newest first (admin)")
  @GetMapping("/v1/tenants")
  @RequiresScope(Scope.ADMIN)
  List<Tenant> list(
      ApiPrincipal principal, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    return tenants.list(principal, limit);
  }

  @Operation(summary = "A tenant (admin, or the tenant's own key)")
  @GetMapping("/v1/tenants/{id}")
  Tenant get(ApiPrincipal principal, @PathVariable UUID id) {
    return tenants.get(principal, id);
  }

  @Operation(summary = "A tenant's API keys, without their secrets")
  /** What the tenant's sends do when a provider may have a message and cannot be asked. */
  @PutMapping("/v1/tenants/{id}/delivery-guarantee")
  Tenant deliveryGuarantee(
      ApiPrincipal principal,
      @PathVariable UUID id,
      @Valid @RequestBody DeliveryGuaranteeRequest request) {
    return tenants.setDeliveryGuarantee(principal, id, request.guarantee());
  }

  @Operation(
      summary =
          "What the tenant asks of the providers that carry its messages (admin); a field left out"
              + " asks nothing of that kind")
  @PutMapping("/v1/tenants/{id}/routing-requirements")
  Tenant routingRequirements(
      ApiPrincipal principal,
      @PathVariable UUID id,
      @Valid @RequestBody RoutingRequirementsRequest request) {
    return tenants.setRoutingRequirements(
        principal,
        id,
        new Tenant.RoutingRequirements(
            request.minDeliveryRatePercent(),
            request.maxLatencyMs(),
            request.maxCostPerMessageUsd()));
  }

  @GetMapping("/v1/tenants/{id}/api-keys")
  List<ApiKeyView> keys(ApiPrincipal principal, @PathVariable UUID id) {
    tenants.get(principal, id);
    return apiKeys.listForTenant(id);
  }

  @Operation(summary = "Make another API key for a tenant; the key is shown once")
  @ApiResponse(responseCode = "201", description = "Created; apiKey is shown this once")
  @PostMapping("/v1/tenants/{id}/api-keys")
  ResponseEntity<IssuedApiKey> createKey(
      ApiPrincipal principal, @PathVariable UUID id, @Valid @RequestBody CreateKeyRequest request) {
    tenants.get(principal, id);
    IssuedApiKey issued =
        apiKeys.issueTenantKey(
            principal, id, request.name().strip(), Optional.ofNullable(request.expiresAt()));
    return ResponseEntity.created(URI.create("/v1/api-keys/" + issued.id())).body(issued);
  }
}
