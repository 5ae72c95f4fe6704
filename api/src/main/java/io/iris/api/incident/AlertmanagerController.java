package io.iris.api.incident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.iris.activities.incident.IncidentOpener;
import io.iris.activities.incident.IncidentStore;
import io.iris.api.auth.ApiKeySecrets;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.incident.AlertUpdate;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.send.Channel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alertmanager's webhook receiver (payload version 4). One incident per alert group (dedup key =
 * the group key): firing alerts open it or attach to it; when every attached alert has resolved,
 * the incident resolves. Alertmanager repeats notifications, so everything here is idempotent.
 * Authenticated by the bearer token configured in Alertmanager's {@code http_config}, not an IRIS
 * API key.
 */
@RestController
class AlertmanagerController {

  static final String PATH = "/v1/alerts/alertmanager";

  // The sizes of the incidents columns (title, service, dedup_key) an alert is stored in.
  private static final int MAX_TITLE = 1000;
  private static final int MAX_SERVICE = 200;
  private static final int MAX_SCOPE_PART = 100;
  private static final int MAX_DEDUP_KEY = 255;

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Notification(
      @NotBlank String version,
      @NotBlank String groupKey,
      String status,
      String receiver,
      Map<String, String> groupLabels,
      Map<String, String> commonLabels,
      Map<String, String> commonAnnotations,
      String externalURL,
      Integer truncatedAlerts,
      @NotNull @Valid List<Alert> alerts) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Alert(
      @NotBlank String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      String generatorURL,
      @NotBlank @Size(max = 200) String fingerprint) {}

  record Received(int alerts, String incidentId, boolean attached) {}

  private final IncidentService incidents;
  private final IncidentStore store;

  AlertmanagerController(IncidentService incidents, IncidentStore store) {
    this.incidents = incidents;
    this.store = store;
  }

  @Operation(summary = "Alertmanager webhook (version 4), bearer token IRIS_ALERTMANAGER_TOKEN")
  @SecurityRequirement(name = "alertmanagerToken")
  @ApiResponse(
      responseCode = "200",
      description = "Received; incidentId is the incident the alerts opened or attached to")
  @ApiResponse(
      responseCode = "401",
      description = "The Alertmanager bearer token is missing or wrong")
  @ApiResponse(
      responseCode = "403",
      description = "Alertmanager intake is off: IRIS_ALERTMANAGER_TOKEN is not set")
  @PostMapping(PATH)
  ResponseEntity<Received> receive(@Valid @RequestBody Notification notification) {
    // The bearer token was checked by AlertmanagerAuthentication before the body was read.
    if (!"4".equals(notification.version())) {
      throw ApiProblem.invalidField(
          "version", "must be \"4\" (Alertmanager webhook payload version 4)");
    }
    String dedupKey = dedupKey(notification.groupKey());
    List<Alert> firing =
        notification.alerts().stream().filter(a -> "firing".equals(a.status())).toList();
    String incidentId = null;
    boolean attached = true;
    if (!firing.isEmpty()) {
      Alert first = firing.get(0);
      IncidentService.Opened opened =
          incidents.open(
              cut(title(notification, first), MAX_TITLE),
              severity(notification, first),
              cut(label(notification, first, "service", "job"), MAX_SERVICE),
              annotation(notification, first, "description"),
              Optional.of(dedupKey),
              "alertmanager",
              Optional.of(update(first)),
              cut("alertmanager:" + label(notification, first, "alertname"), 100),
              scope(notification, first));
      incidentId = opened.incident().id().toString();
      attached = opened.attached();
    } else {
      incidentId = store.findOpenByDedupKey(dedupKey).map(i -> i.id().toString()).orElse(null);
    }
    if (incidentId != null) {
      for (Alert alert : notification.alerts()) {
        incidents.signal(incidentId, (IncidentWorkflow wf) -> wf.attachAlert(update(alert)));
      }
    }
    return ResponseEntity.ok(new Received(notification.alerts().size(), incidentId, attached));
  }

  /**
   * The incident's dedup key for an alert group. Alertmanager's group keys grow with the group_by
   * labels; one too long to store is replaced by its SHA-256, still one key per group.
   */
  static String dedupKey(String groupKey) {
    String key = "alertmanager:" + groupKey;
    if (key.length() <= MAX_DEDUP_KEY) {
      return key;
    }
    return "alertmanager:sha256:" + ApiKeySecrets.sha256Hex(groupKey);
  }

  /** Alert text is whatever the rules say; an incident keeps what its columns hold. */
  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static AlertUpdate update(Alert alert) {
    String summary =
        alert.annotations() == null ? "" : alert.annotations().getOrDefault("summary", "");
    return new AlertUpdate(alert.fingerprint(), "firing".equals(alert.status()), summary);
  }

  private static String title(Notification n, Alert a) {
    String summary = annotation(n, a, "summary");
    if (!summary.isEmpty()) {
      return summary;
    }
    String name = label(n, a, "alertname");
    return name.isEmpty() ? "Alertmanager alert " + a.fingerprint() : name;
  }

  /**
   * What the incident's runbooks act on, from the alert's labels: {@code channel} (a channel's wire
   * name), {@code provider}, {@code tenant_id} or {@code tenant} (a tenant id), {@code task_queue}
   * or {@code queue}. A label that is not one of ours (a channel we do not have, a tenant that is
   * not an id) is left out: the alert is still an incident, and a runbook step that needs the part
   * says it is missing.
   */
  static IncidentOpener.Scope scope(Notification n, Alert a) {
    String channel = label(n, a, "channel").trim().toLowerCase(java.util.Locale.ROOT);
    String tenant = label(n, a, "tenant_id", "tenant").trim();
    try {
      tenant = tenant.isEmpty() ? "" : java.util.UUID.fromString(tenant).toString();
    } catch (IllegalArgumentException notAnId) {
      tenant = "";
    }
    return new IncidentOpener.Scope(
        Channel.tryFromWire(channel).map(Channel::wireName).orElse(""),
        cut(label(n, a, "provider").trim(), MAX_SCOPE_PART),
        tenant,
        cut(label(n, a, "task_queue", "queue").trim(), MAX_SCOPE_PART));
  }

  /** Alertmanager's conventional severities onto ours: critical, error/high, warning, info. */
  static Severity severity(Notification n, Alert a) {
    return switch (label(n, a, "severity").toLowerCase()) {
      case "critical", "page", "p1" -> Severity.CRITICAL;
      case "error", "high", "major", "p2" -> Severity.HIGH;
      case "info", "low", "p4", "p5" -> Severity.LOW;
      default -> Severity.MEDIUM;
    };
  }

  private static String label(Notification n, Alert a, String... names) {
    for (String name : names) {
      if (a.labels() != null && a.labels().containsKey(name)) {
        return a.labels().get(name);
      }
      if (n.commonLabels() != null && n.commonLabels().containsKey(name)) {
        return n.commonLabels().get(name);
      }
    }
    return "";
  }

  private static String annotation(Notification n, Alert a, String name) {
    if (a.annotations() != null && a.annotations().containsKey(name)) {
      return a.annotations().get(name);
    }
    return n.commonAnnotations() == null ? "" : n.commonAnnotations().getOrDefault(name, "");
  }
}
