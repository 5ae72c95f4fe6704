package io.iris.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iris.activities.cost.BudgetGuard;
import io.iris.activities.cost.BudgetStore;
import io.iris.api.audit.AuditLog;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.problem.ApiProblem;
import io.iris.api.tenant.TenantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's budget: set by an admin, read by the admin or the tenant. */
@RestController
class BudgetController {

  record BudgetRequest(
      @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 12, fraction = 6)
          BigDecimal monthlyUsd,
      @DecimalMin(value = "0", inclusive = false) @Digits(integer = 12, fraction = 6)
          BigDecimal dailyUsd,
      Boolean hardStop) {}

  record BudgetView(
      UUID tenantId,
      BigDecimal monthlyUsd,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) BigDecimal dailyUsd,
      boolean hardStop,
      Instant updatedAt) {
    static BudgetView of(BudgetStore.Budget b) {
      return new BudgetView(
          b.tenantId(), b.monthlyUsd(), b.dailyUsd().orElse(null), b.hardStop(), b.updatedAt());
    }
  }

  private final BudgetStore budgets;
  private final BudgetGuard guard;
  private final TenantService tenants;
  private final AuditLog audit;

  BudgetController(BudgetStore budgets, BudgetGuard guard, TenantService tenants, AuditLog audit) {
    this.budgets = budgets;
    this.guard = guard;
    this.tenants = tenants;
    this.audit = audit;
  }

  @Operation(
      summary =
          "Set the tenant's budget (admin): alerts at 75, 90 and 100% of each period; with"
              + " hardStop, its sends fail with budget_exceeded once a period's budget is used up")
  @PutMapping("/v1/tenants/{id}/budget")
  BudgetView set(
      ApiPrincipal principal, @PathVariable UUID id, @Valid @RequestBody BudgetRequest request) {
    principal.requireAdmin();
    tenants.get(principal, id); // 404 for a tenant that does not exist
    if (request.dailyUsd() != null && request.dailyUsd().compareTo(request.monthlyUsd()) > 0) {
      throw ApiProblem.invalidField("dailyUsd", "must not be more than monthlyUsd");
    }
    BudgetStore.Budget b =
        budgets.set(
            id,
            request.monthlyUsd(),
            Optional.ofNullable(request.dailyUsd()),
            Boolean.TRUE.equals(request.hardStop()));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("monthlyUsd", b.monthlyUsd());
    detail.put("dailyUsd", b.dailyUsd().orElse(null));
    detail.put("hardStop", b.hardStop());
    audit.record(principal, "tenant.budget", "tenant", id.toString(), Optional.of(id), detail);
    guard.refresh(); // this process at once; the others within IRIS_COST_BUDGET_REFRESH_INTERVAL
    return BudgetView.of(b);
  }

  @Operation(summary = "The tenant's budget (admin, or the tenant's own key)")
  @GetMapping("/v1/tenants/{id}/budget")
  BudgetView get(ApiPrincipal principal, @PathVariable UUID id) {
    tenants.get(principal, id);
    return budgets
        .find(id)
        .map(BudgetView::of)
        .orElseThrow(() -> ApiProblem.notFound("budget of tenant", id.toString()));
  }
}
