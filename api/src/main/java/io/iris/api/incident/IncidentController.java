package io.iris.api.incident;

import io.iris.activities.incident.IncidentStore;
import io.iris.activities.incident.IncidentStore.Incident;
import io.iris.activities.remediation.RemediationStore;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.incident.Actor;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.Severity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Incidents (DESIGN §5); operated with admin keys. */
@RestController
@RequiresScope(Scope.ADMIN)
class IncidentController {

  static final String SEVERITIES = "critical|high|medium|low";

  record OpenIncident(
      @NotBlank @Size(max = 1000) String title,
      @NotBlank @Pattern(regexp = SEVERITIES, message = "must be one of " + SEVERITIES)
          String severity,
      @Size(max = 200) String service,
      @Size(max = 10_000) String description,
      @Size(max = 255) String dedupKey) {}

  record OpenedView(UUID id, String status, boolean attached, Map<String, String> links) {}

  record NoteRequest(@NotBlank @Size(max = 10_000) String text) {}

  record AssignRequest(@NotBlank @Size(max = 200) String assignee) {}

  record TimelineEntry(Instant at, String event, String actor, String detail) {}

  record AlertView(String fingerprint, String status, Instant updatedAt) {}

  record RemediationLink(
      String id,
      String runbook,
      String status,
      Instant startedAt,
      Instant finishedAt,
      Map<String, String> links) {}

  record IncidentView(
      UUID id,
      String title,
      String severity,
      String status,
      String service,
      String description,
      String dedupKey,
      String source,
      int escalationLevel,
      Instant openedAt,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant resolvedAt,
      String resolvedBy,
      Long mttaSeconds,
      Long mttrSeconds,
      List<TimelineEntry> timeline,
      List<AlertView> alerts,
      List<RemediationLink> remediations,
      String review,
      Map<String, String> links) {}

  record IncidentSummary(
      UUID id,
      String title,
      String severity,
      String status,
      Instant openedAt,
      Instant resolvedAt) {}

  private final IncidentService service;
  private final IncidentStore incidents;
  private final RemediationStore remediations;

  IncidentController(
      IncidentService service, IncidentStore incidents, RemediationStore remediations) {
    this.service = service;
    this.incidents = incidents;
    this.remediations = remediations;
  }

  @Operation(summary = "Open an incident (admin); a repeat dedupKey attaches to the open one")
  @ApiResponse(responseCode = "201", description = "Opened")
  @ApiResponse(
      responseCode = "200",
      description = "Attached to the open incident with this dedupKey")
  @PostMapping("/v1/incidents")
  ResponseEntity<OpenedView> open(
      ApiPrincipal principal, @Valid @RequestBody OpenIncident request) {
    principal.requireAdmin();
    IncidentService.Opened opened =
        service.open(
            request.title().strip(),
            Severity.fromWire(request.severity()),
            orEmpty(request.service()),
            orEmpty(request.description()),
            Optional.ofNullable(request.dedupKey()).filter(k -> !k.isBlank()),
            "api",
            Optional.empty());
    UUID id = opened.incident().id();
    OpenedView view = new OpenedView(id, opened.incident().status(), opened.attached(), links(id));
    return opened.attached()
        ? ResponseEntity.ok(view)
        : ResponseEntity.created(URI.create("/v1/incidents/" + id)).body(view);
  }

  @Operation(summary = "Incidents, newest first (admin)")
  @GetMapping("/v1/incidents")
  List<IncidentSummary> list(
      ApiPrincipal principal,
      @RequestParam Optional<String> status,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    principal.requireAdmin();
    status.ifPresent(
        s -> {
          if (!List.of("open", "escalated", "acknowledged", "remediating", "resolved")
              .contains(s)) {
            throw ApiProblem.invalidField("status", "is not an incident status");
          }
        });
    return incidents.list(status, limit).stream()
        .map(
            i ->
                new IncidentSummary(
                    i.id(), i.title(), i.severity(), i.status(), i.openedAt(), i.resolvedAt()))
        .toList();
  }

  @Operation(summary = "An incident with its whole timeline (admin)")
  @GetMapping("/v1/incidents/{id}")
  IncidentView get(ApiPrincipal principal, @PathVariable UUID id) {
    principal.requireAdmin();
    Incident i =
        incidents.find(id).orElseThrow(() -> ApiProblem.notFound("incident", id.toString()));
    List<TimelineEntry> timeline =
        incidents.events(id).stream()
            .map(e -> new TimelineEntry(e.at(), e.event(), e.actor(), e.detail()))
            .toList();
    List<AlertView> alerts =
        incidents.alerts(id).stream()
            .map(a -> new AlertView(a.fingerprint(), a.status(), a.updatedAt()))
            .toList();
    return new IncidentView(
        i.id(),
        i.title(),
        i.severity(),
        i.status(),
        i.service(),
        i.description(),
        i.dedupKey(),
        i.source(),
        i.escalationLevel(),
        i.openedAt(),
        i.acknowledgedAt(),
        i.acknowledgedBy(),
        i.resolvedAt(),
        i.resolvedBy(),
        i.mttaMs() == null ? null : i.mttaMs() / 1000,
        i.mttrMs() == null ? null : i.mttrMs() / 1000,
        timeline,
        alerts,
        remediations.runsOfIncident(id).stream()
            .map(
                r ->
                    new RemediationLink(
                        r.id(),
                        r.runbook(),
                        r.status(),
                        r.startedAt(),
                        r.finishedAt(),
                        Map.of("self", "/v1/remediations/" + r.id())))
            .toList(),
        i.review(),
        links(id));
  }

  @Operation(summary = "Acknowledge: stops escalation (admin)")
  @ApiResponse(responseCode = "202", description = "Signalled to the incident's workflow")
  @ApiResponse(responseCode = "409", description = "The incident is resolved")
  @PostMapping("/v1/incidents/{id}/acknowledge")
  ResponseEntity<Void> acknowledge(ApiPrincipal principal, @PathVariable UUID id) {
    principal.requireAdmin();
    service.act(id, wf -> wf.acknowledge(actor(principal)));
    return ResponseEntity.accepted().build();
  }

  @Operation(summary = "Resolve (admin)")
  @ApiResponse(responseCode = "202", description = "Signalled to the incident's workflow")
  @ApiResponse(responseCode = "409", description = "The incident is resolved")
  @PostMapping("/v1/incidents/{id}/resolve")
  ResponseEntity<Void> resolve(ApiPrincipal principal, @PathVariable UUID id) {
    principal.requireAdmin();
    service.act(id, wf -> wf.resolve(actor(principal)));
    return ResponseEntity.accepted().build();
  }

  @Operation(summary = "Call the next escalation level now (admin)")
  @ApiResponse(responseCode = "202", description = "Signalled to the incident's workflow")
  @ApiResponse(responseCode = "409", description = "The incident is resolved")
  @PostMapping("/v1/incidents/{id}/escalate")
  ResponseEntity<Void> escalate(ApiPrincipal principal, @PathVariable UUID id) {
    principal.requireAdmin();
    service.act(id, wf -> wf.escalate(actor(principal)));
    return ResponseEntity.accepted().build();
  }

  @Operation(summary = "Add a note to the timeline and the Slack thread (admin)")
  @ApiResponse(responseCode = "202", description = "Signalled to the incident's workflow")
  @ApiResponse(responseCode = "409", description = "The incident is resolved")
  @PostMapping("/v1/incidents/{id}/notes")
  ResponseEntity<Void> note(
      ApiPrincipal principal, @PathVariable UUID id, @Valid @RequestBody NoteRequest request) {
    principal.requireAdmin();
    service.act(id, wf -> wf.addNote(actor(principal), request.text()));
    return ResponseEntity.status(HttpStatus.ACCEPTED).build();
  }

  @Operation(summary = "Assign a responder (admin)")
  @ApiResponse(responseCode = "202", description = "Signalled to the incident's workflow")
  @ApiResponse(responseCode = "409", description = "The incident is resolved")
  @PostMapping("/v1/incidents/{id}/assign")
  ResponseEntity<Void> assign(
      ApiPrincipal principal, @PathVariable UUID id, @Valid @RequestBody AssignRequest request) {
    principal.requireAdmin();
    service.act(id, wf -> wf.assign(actor(principal), request.assignee()));
    return ResponseEntity.accepted().build();
  }

  private static Actor actor(ApiPrincipal principal) {
    return new Actor("key " + principal.keyId().toString().substring(0, 8), "api");
  }

  static Map<String, String> links(UUID id) {
    return Map.of(
        "self", "/v1/incidents/" + id, "workflow", IncidentWorkflow.workflowId(id.toString()));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
