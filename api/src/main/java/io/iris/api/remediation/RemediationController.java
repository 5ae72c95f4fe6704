package io.iris.api.remediation;

import io.iris.activities.remediation.RemediationStore;
import io.iris.activities.remediation.RemediationStore.LogRow;
import io.iris.activities.remediation.RemediationStore.RunRow;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.ScopeMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The remediations (issue 10): each run of a runbook against an incident, with every step it took
 * ({@code remediation_runs} and {@code auto_remediation_log}); admin keys.
 */
@RestController
@RequiresScope(Scope.ADMIN)
class RemediationController {

  /** The ids remediations have: {@code remediation-{incidentId}-{runbook}}. */
  static final Pattern ID =
      Pattern.compile(
          "remediation-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[a-z0-9-]{1,40}");

  private static final String STATUSES =
      Arrays.stream(RemediationStatus.values())
          .map(RemediationStatus::wireName)
          .collect(Collectors.joining("|"));

  record StepView(String action, String status, Instant at, String detail) {}

  record RemediationView(
      String id,
      UUID incidentId,
      String runbook,
      String status,
      String detail,
      List<StepView> steps,
      ScopeMetrics metricsBefore,
      ScopeMetrics metricsAfter,
      Instant startedAt,
      Instant finishedAt,
      Map<String, String> links) {}

  private final RemediationStore store;

  RemediationController(RemediationStore store) {
    this.store = store;
  }

  @Operation(summary = "Remediations, newest first (admin)")
  @ApiResponse(responseCode = "200", description = "The remediations with their steps")
  @ApiResponse(responseCode = "400", description = "A parameter is not acceptable (named)")
  @GetMapping("/v1/remediations")
  List<RemediationView> list(
      ApiPrincipal principal,
      @RequestParam Optional<String> status,
      @RequestParam Optional<String> incidentId,
      @RequestParam Optional<String> limit) {
    principal.requireAdmin();
    Optional<RemediationStatus> s =
        status.map(
            v ->
                Arrays.stream(RemediationStatus.values())
                    .filter(x -> x.wireName().equals(v))
                    .findFirst()
                    .orElseThrow(
                        () -> ApiProblem.invalidParameter("status", "must be one of " + STATUSES)));
    Optional<UUID> incident =
        incidentId.map(
            v -> {
              try {
                return UUID.fromString(v);
              } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidParameter("incidentId", "must be an incident id (a UUID)");
              }
            });
    int n = limit.map(RemediationController::limit).orElse(100);
    List<RunRow> runs = store.runs(s, incident, n);
    Map<String, List<LogRow>> logs = store.logs(runs.stream().map(RunRow::id).toList());
    return runs.stream().map(r -> view(r, logs.get(r.id()))).toList();
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

  @Operation(summary = "A remediation with its steps and metrics (admin)")
  @ApiResponse(responseCode = "200", description = "The remediation")
  @ApiResponse(responseCode = "404", description = "No such remediation")
  @GetMapping("/v1/remediations/{id}")
  RemediationView get(ApiPrincipal principal, @PathVariable String id) {
    principal.requireAdmin();
    if (!ID.matcher(id).matches()) {
      throw ApiProblem.notFound("remediation", id.length() > 200 ? id.substring(0, 200) : id);
    }
    RunRow run = store.run(id).orElseThrow(() -> ApiProblem.notFound("remediation", id));
    return view(run, store.log(id));
  }

  static RemediationView view(RunRow r, List<LogRow> log) {
    return new RemediationView(
        r.id(),
        r.incidentId(),
        r.runbook(),
        r.status(),
        r.detail(),
        log.stream()
            .map(l -> new StepView(l.action(), l.outcome(), l.executedAt(), l.detail()))
            .toList(),
        r.metricsBefore(),
        r.metricsAfter(),
        r.startedAt(),
        r.finishedAt(),
        links(r));
  }

  private static Map<String, String> links(RunRow r) {
    return r.incidentId() == null
        ? Map.of("self", "/v1/remediations/" + r.id())
        : Map.of(
            "self", "/v1/remediations/" + r.id(), "incident", "/v1/incidents/" + r.incidentId());
  }
}
