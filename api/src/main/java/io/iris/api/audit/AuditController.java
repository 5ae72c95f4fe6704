package io.iris.api.audit;

import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuditController {

  private final AuditLog auditLog;

  AuditController(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  @Operation(summary = "Recent administrative actions, newest first (admin)")
  @GetMapping("/v1/audit-logs")
  @RequiresScope(Scope.ADMIN)
  List<AuditEntry> recent(
      ApiPrincipal principal,
      @RequestParam Optional<UUID> tenantId,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    principal.requireAdmin();
    return auditLog.recent(tenantId, limit);
  }
}
