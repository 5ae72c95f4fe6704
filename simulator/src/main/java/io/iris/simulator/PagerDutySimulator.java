package io.iris.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * PagerDuty: the Events API v2 ({@code POST /sim/pagerduty/v2/enqueue}) with PagerDuty's validation
 * and answers, one incident per {@code dedup_key} (triggered, acknowledged, resolved), and
 * responders acting on it ({@code POST /sim/pagerduty/incidents/{dedupKey}/acknowledge} or {@code
 * /resolve}), which sends the signed webhook v3 PagerDuty would send to the platform's {@code
 * /webhooks/pagerduty}. {@code PUT /sim/pagerduty/behavior} makes enqueue fail (500, or 429 for a
 * quarter of the failures) at a rate.
 */
@RestController
@Profile("dev")
class PagerDutySimulator {

  static final String ENQUEUE = "/sim/pagerduty/v2/enqueue";
  static final String WEBHOOK_PATH = "/webhooks/pagerduty";

  private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
  private static final int ROUTING_KEY_LENGTH = 32;
  private static final int MAX_DEDUP_KEY = 255;
  private static final int MAX_SUMMARY = 1024;
  private static final double RATE_LIMITED_SHARE = 0.25;

  /** {@code PUT /sim/pagerduty/behavior}: the share of enqueue requests that fail. */
  record PagerDutyBehavior(Double failureRate) {}

  /** The body of a responder's action. */
  record AgentRequest(String agent) {}

  /**
   * One event as {@code GET /sim/pagerduty/events} shows it.
   *
   * @param event the event as sent (the routing key masked)
   */
  record EventView(
      String id,
      Instant receivedAt,
      String eventAction,
      String dedupKey,
      String summary,
      String severity,
      JsonNode event) {}

  /** The PagerDuty incident of a dedup key. */
  record IncidentView(
      String id,
      String dedupKey,
      String title,
      String status,
      Instant createdAt,
      Instant updatedAt,
      String lastAgent) {}

  /** What a responder's action did: the webhook's answer and the event it was sent. */
  record ActionResult(int webhookStatus, String webhookBody, String webhookId, JsonNode event) {}

  private static final class Incident {
    final String id;
    final String dedupKey;
    final Instant createdAt;
    final int number;
    String title;
    String status = "triggered";
    Instant updatedAt;
    String lastAgent;

    Incident(String id, String dedupKey, String title, Instant createdAt, int number) {
      this.id = id;
      this.dedupKey = dedupKey;
      this.title = title;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.number = number;
    }

    IncidentView view() {
      return new IncidentView(id, dedupKey, title, status, createdAt, updatedAt, lastAgent);
    }
  }

  private final IncidentAccounts accounts;
  private final IncidentSelfPoster poster;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Random random;
  private volatile double failureRate;
  private final List<EventView> events = new ArrayList<>();
  private final Map<String, Incident> incidents = new LinkedHashMap<>();

  PagerDutySimulator(
      IncidentAccounts accounts,
      IncidentSelfPoster poster,
      SimulatorSettings simulator,
      ObjectMapper mapper,
      Clock clock) {
    this.accounts = accounts;
    this.poster = poster;
    this.mapper = mapper;
    this.clock = clock;
    this.random = simulator.seed() == null ? new Random() : new Random(simulator.seed() - 1);
  }

  @PostMapping(ENQUEUE)
  ResponseEntity<JsonNode> enqueue(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    if (fails()) {
      return draw() < RATE_LIMITED_SHARE
          ? json(429, status("throttle event", "Requests for this service are arriving too fast."))
          : json(500, status("error", "Internal Server Error"));
    }
    JsonNode event;
    try {
      event = mapper.readTree(raw);
    } catch (IOException e) {
      event = null;
    }
    if (event == null || !event.isObject()) {
      return invalid(List.of("Event object is not valid JSON"));
    }
    List<String> errors = new ArrayList<>();
    String routingKey = text(event, "routing_key");
    if (routingKey.isEmpty()) {
      errors.add("'routing_key' is missing or blank");
    } else if (routingKey.length() != ROUTING_KEY_LENGTH) {
      errors.add("'routing_key' must be " + ROUTING_KEY_LENGTH + " characters");
    } else if (!opens(routingKey)) {
      errors.add("'routing_key' is not a known integration key");
    }
    String action = text(event, "event_action");
    if (!ACTIONS.contains(action)) {
      errors.add("'event_action' must be one of trigger, acknowledge, resolve");
    }
    String dedupKey = text(event, "dedup_key");
    if (dedupKey.length() > MAX_DEDUP_KEY) {
      errors.add("'dedup_key' must be at most " + MAX_DEDUP_KEY + " characters");
    } else if (dedupKey.isEmpty() && !"trigger".equals(action)) {
      errors.add("'dedup_key' is required for " + (action.isEmpty() ? "this event" : action));
    }
    JsonNode payload = event.path("payload");
    if ("trigger".equals(action)) {
      if (!payload.isObject()) {
        errors.add("'payload' is missing or not an object");
      } else {
        String summary = text(payload, "summary");
        if (summary.isEmpty()) {
          errors.add("'payload.summary' is missing or blank");
        } else if (summary.length() > MAX_SUMMARY) {
          errors.add("'payload.summary' must be at most " + MAX_SUMMARY + " characters");
        }
        if (text(payload, "source").isEmpty()) {
          errors.add("'payload.source' is missing or blank");
        }
        if (!SEVERITIES.contains(text(payload, "severity"))) {
          errors.add("'payload.severity' must be one of critical, error, warning, info");
        }
      }
    }
    if (!errors.isEmpty()) {
      return invalid(errors);
    }
    if (dedupKey.isEmpty()) {
      // PagerDuty makes one for a trigger that brings none.
      dedupKey = UUID.randomUUID().toString().replace("-", "");
    }
    remember(action, dedupKey, (ObjectNode) event.deepCopy(), text(payload, "summary"));
    ObjectNode body = status("success", "Event processed");
    body.put("dedup_key", dedupKey);
    return json(202, body);
  }

  @GetMapping("/sim/pagerduty/events")
  synchronized List<EventView> events(@RequestParam(required = false) String dedupKey) {
    return events.stream()
        .filter(e -> dedupKey == null || dedupKey.isEmpty() || dedupKey.equals(e.dedupKey()))
        .toList();
  }

  @GetMapping("/sim/pagerduty/incidents")
  synchronized List<IncidentView> incidents() {
    return incidents.values().stream().map(Incident::view).toList();
  }

  @DeleteMapping("/sim/pagerduty/events")
  synchronized ResponseEntity<Void> reset() {
    events.clear();
    incidents.clear();
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/sim/pagerduty/behavior")
  PagerDutyBehavior behavior() {
    return new PagerDutyBehavior(failureRate);
  }

  @PutMapping("/sim/pagerduty/behavior")
  PagerDutyBehavior behave(@RequestBody PagerDutyBehavior behavior) {
    double rate = behavior.failureRate() == null ? 0.0 : behavior.failureRate();
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw SimulatorProblem.invalidField("failureRate", "must be between 0 and 1");
    }
    this.failureRate = rate;
    return new PagerDutyBehavior(rate);
  }

  @PostMapping("/sim/pagerduty/incidents/{dedupKey}/acknowledge")
  ResponseEntity<ActionResult> acknowledge(
      @PathVariable String dedupKey, @RequestBody(required = false) AgentRequest agent) {
    return act(dedupKey, "acknowledged", agent);
  }

  @PostMapping("/sim/pagerduty/incidents/{dedupKey}/resolve")
  ResponseEntity<ActionResult> resolve(
      @PathVariable String dedupKey, @RequestBody(required = false) AgentRequest agent) {
    return act(dedupKey, "resolved", agent);
  }

  /** A responder acts in PagerDuty: the incident changes, and the webhook tells this process. */
  private ResponseEntity<ActionResult> act(String dedupKey, String status, AgentRequest request) {
    String agent =
        request == null || request.agent() == null || request.agent().isBlank()
            ? "Simulated Responder"
            : request.agent().trim();
    Instant now = clock.instant();
    ObjectNode body;
    synchronized (this) {
      Incident incident = incidents.get(dedupKey);
      if (incident == null) {
        throw SimulatorProblem.notFound("pagerduty incident", dedupKey);
      }
      if ("resolved".equals(incident.status)) {
        throw SimulatorProblem.conflict(
            "The PagerDuty incident of '" + dedupKey + "' is resolved.");
      }
      incident.status = status;
      incident.updatedAt = now;
      incident.lastAgent = agent;
      body = webhookEvent(incident, status, agent, now);
    }
    byte[] raw = body.toString().getBytes(StandardCharsets.UTF_8);
    String webhookId = UUID.randomUUID().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Webhook-Id", webhookId);
    headers.put("X-Webhook-Subscription", "PSIMSUB");
    headers.put("User-Agent", "PagerDuty-Webhook/V3.0");
    String secret = accounts.pagerDutyWebhookSecret();
    if (!secret.isEmpty()) {
      headers.put("X-PagerDuty-Signature", "v1=" + sign(secret, raw));
    }
    IncidentSelfPoster.Answer answer =
        poster.post(WEBHOOK_PATH, MediaType.APPLICATION_JSON_VALUE, raw, headers);
    return ResponseEntity.status(answer.status())
        .body(new ActionResult(answer.status(), answer.body(), webhookId, body));
  }

  /** The webhook v3 body PagerDuty sends when a user changes an incident. */
  private ObjectNode webhookEvent(Incident incident, String status, String agent, Instant now) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode event = root.putObject("event");
    event.put("id", "01" + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT));
    event.put("event_type", "incident." + status);
    event.put("resource_type", "incident");
    event.put("occurred_at", now.toString());
    ObjectNode user = event.putObject("agent");
    user.put("id", "PSIMUSER");
    user.put("summary", agent);
    user.put("type", "user_reference");
    event.putNull("client");
    ObjectNode data = event.putObject("data");
    data.put("id", incident.id);
    data.put("type", "incident");
    data.put("number", incident.number);
    data.put("status", status);
    data.put("incident_key", incident.dedupKey);
    data.put("created_at", incident.createdAt.toString());
    data.put("title", incident.title);
    data.put("urgency", "high");
    ObjectNode service = data.putObject("service");
    service.put("id", "PSIMSVC");
    service.put("summary", "IRIS (simulated)");
    service.put("type", "service_reference");
    return root;
  }

  /** Records the event and moves the incident of its dedup key as PagerDuty would. */
  private synchronized void remember(
      String action, String dedupKey, ObjectNode event, String title) {
    Instant now = clock.instant();
    if (event.has("routing_key")) {
      event.put("routing_key", "****");
    }
    events.add(
        new EventView(
            UUID.randomUUID().toString(),
            now,
            action,
            dedupKey,
            title.isEmpty() ? null : title,
            text(event.path("payload"), "severity").isEmpty()
                ? null
                : text(event.path("payload"), "severity"),
            event));
    Incident incident = incidents.get(dedupKey);
    switch (action) {
      case "trigger" -> {
        // A trigger on a resolved incident opens a new one; on an open one it only adds an alert.
        if (incident == null || "resolved".equals(incident.status)) {
          String id = "Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 13);
          incidents.put(dedupKey, new Incident(id, dedupKey, title, now, incidents.size() + 1));
        }
      }
      case "acknowledge" -> {
        if (incident != null && "triggered".equals(incident.status)) {
          incident.status = "acknowledged";
          incident.updatedAt = now;
          incident.lastAgent = "Events API";
        }
      }
      case "resolve" -> {
        if (incident != null && !"resolved".equals(incident.status)) {
          incident.status = "resolved";
          incident.updatedAt = now;
          incident.lastAgent = "Events API";
        }
      }
      default -> {}
    }
  }

  /** PagerDuty's webhook v3 signature: hex HMAC-SHA256 of the raw body under the secret. */
  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The configured routing key, or any well-formed one when none is configured. */
  private boolean opens(String routingKey) {
    String configured = accounts.pagerDutyRoutingKey();
    return configured.isEmpty()
        || MessageDigest.isEqual(
            configured.getBytes(StandardCharsets.UTF_8),
            routingKey.getBytes(StandardCharsets.UTF_8));
  }

  private synchronized boolean fails() {
    double rate = failureRate;
    return rate >= 1.0 || (rate > 0.0 && random.nextDouble() < rate);
  }

  private synchronized double draw() {
    return random.nextDouble();
  }

  private ResponseEntity<JsonNode> invalid(List<String> errors) {
    ObjectNode body = status("invalid event", "Event object is invalid");
    errors.forEach(body.putArray("errors")::add);
    return json(400, body);
  }

  private ObjectNode status(String status, String message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("status", status);
    body.put("message", message);
    return body;
  }

  private static ResponseEntity<JsonNode> json(int status, JsonNode body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }

  private static String text(JsonNode parent, String name) {
    JsonNode node = parent.path(name);
    return node.isTextual() ? node.asText().trim() : "";
  }
}
