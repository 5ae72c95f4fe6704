package io.iris.api.remediation;

import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.iris.api.audit.AuditLog;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The global kill switch of auto-remediation at runtime (the platform control {@code
 * remediation.enabled}, read by every process within {@code
 * IRIS_PLATFORM_CONTROLS_REFRESH_INTERVAL}). Off: no incident gets a remediation plan (they page as
 * before), and a running remediation stops before its next step. Remediation runs only while this
 * AND {@code IRIS_REMEDIATION_ENABLED} allow.
 */
@RestController
@RequiresScope(Scope.ADMIN)
class KillSwitchController {

  record KillSwitch(@NotNull Boolean enabled, @Size(max = 1000) String reason) {}

  record KillSwitchView(
      boolean enabled, boolean configured, boolean effective, String reason, String setBy) {}

  private final PlatformControls controls;
  private final RemediationSettings settings;
  private final AuditLog audit;

  KillSwitchController(PlatformControls controls, RemediationSettings settings, AuditLog audit) {
    this.controls = controls;
    this.settings = settings;
    this.audit = audit;
  }

  @Operation(
      summary = "The remediation kill switch (admin)",
      description =
          "enabled: the runtime switch; configured: IRIS_REMEDIATION_ENABLED; effective: both.")
  @GetMapping("/v1/remediations/kill-switch")
  KillSwitchView get(ApiPrincipal principal) {
    principal.requireAdmin();
    return view();
  }

  @Operation(summary = "Switch auto-remediation on or off at runtime (admin; audited)")
  @PutMapping("/v1/remediations/kill-switch")
  KillSwitchView put(ApiPrincipal principal, @Valid @RequestBody KillSwitch body) {
    principal.requireAdmin();
    String reason = body.reason() == null ? "" : body.reason();
    String by = "key " + principal.keyId().toString().substring(0, 8);
    controls.set(
        PlatformControls.REMEDIATION_ENABLED, Boolean.toString(body.enabled()), reason, by);
    audit.record(
        principal,
        body.enabled() ? "remediation.enabled" : "remediation.disabled",
        "platform_control",
        PlatformControls.REMEDIATION_ENABLED,
        Optional.empty(),
        Map.of("enabled", body.enabled(), "reason", reason));
    return view();
  }

  private KillSwitchView view() {
    Optional<PlatformControls.Control> c = controls.get(PlatformControls.REMEDIATION_ENABLED);
    return new KillSwitchView(
        controls.runtimeEnabled(),
        settings.enabled(),
        controls.enabled(),
        c.map(PlatformControls.Control::reason).orElse(""),
        c.map(PlatformControls.Control::setBy).orElse(""));
  }
}
