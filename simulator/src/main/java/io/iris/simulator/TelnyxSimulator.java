package io.iris.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Telnyx's Messaging API v2: send and retrieve messages with a Bearer API key; then {@code
 * message.sent} and {@code message.finalized} are POSTed to the message's {@code webhook_url},
 * signed with Ed25519 over {@code timestamp|body}. Telnyx replays a repeated {@code
 * Idempotency-Key} only on endpoints whose reference declares it, and "Send a message" does not:
 * the key a request carries is recorded, but every send is a new message.
 */
@RestController
@Profile("dev")
class TelnyxSimulator {

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final SimulatorKeys keys;
  private final SimulatorUrls selfUrls;
  private final ObjectMapper mapper;
  private final Clock clock;

  TelnyxSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      SimulatorKeys keys,
      SimulatorUrls selfUrls,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.TELNYX);
    this.callbacks = callbacks;
    this.accounts = accounts;
    this.keys = keys;
    this.selfUrls = selfUrls;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping("/sim/telnyx/v2/messages")
  ResponseEntity<JsonNode> create(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    if (!authenticated(request)) {
      return answer(
          error(401, "10009", "Authentication failed", "The API key provided is invalid.", null));
    }
    JsonNode body;
    try {
      body = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return answer(
          error(400, "10015", "Bad Request", "The request body is not a JSON object.", null));
    }
    Incoming incoming =
        new Incoming(
            body.path("to").asText(""),
            body.path("from").asText(""),
            "",
            body.path("text").asText(""),
            request.getHeader("Idempotency-Key"));
    if (sim.admit(incoming)) {
      return answer(
          error(503, "10011", "Service unavailable", "Please retry the request later.", null));
    }
    if (!SimulatorRequests.isE164(incoming.to())) {
      return answer(
          error(
              422,
              "40310",
              "Invalid 'to' address",
              "The 'to' address '" + incoming.to() + "' is not a valid E.164 phone number.",
              "/to"));
    }
    if (incoming.from().isBlank() && body.path("messaging_profile_id").asText("").isBlank()) {
      return answer(
          error(
              422,
              "10015",
              "Bad Request",
              "A 'from' number or messaging profile is required.",
              "/from"));
    }
    if (incoming.body().isBlank() && !body.has("media_urls")) {
      return answer(error(422, "10015", "Bad Request", "The 'text' is required.", "/text"));
    }
    Map<String, String> details = new LinkedHashMap<>();
    String webhook = body.path("webhook_url").asText("");
    if (!webhook.isBlank()) {
      details.put("webhookUrl", selfUrls.resolve(webhook));
    }
    ReceivedMessage message =
        sim.accept(incoming, false, () -> UUID.randomUUID().toString(), "queued", details)
            .message();
    callbacks.tell("telnyx", message.id(), () -> story(message));
    ObjectNode answer = mapper.createObjectNode();
    answer.set("data", json(message));
    return answer(ResponseEntity.ok(answer));
  }

  @GetMapping("/sim/telnyx/v2/messages/{id}")
  ResponseEntity<JsonNode> fetch(@PathVariable String id, HttpServletRequest request) {
    if (!authenticated(request)) {
      return answer(
          error(401, "10009", "Authentication failed", "The API key provided is invalid.", null));
    }
    return answer(
        sim.find(id)
            .map(
                m -> {
                  ObjectNode found = mapper.createObjectNode();
                  found.set("data", json(m));
                  return ResponseEntity.ok((JsonNode) found);
                })
            .orElseGet(
                () ->
                    error(
                        404,
                        "10005",
                        "Resource not found",
                        "The requested resource or URL could not be found.",
                        null)));
  }

  private void story(ReceivedMessage message) throws InterruptedException {
    callbacks.pause();
    message.status().set("sent");
    if (message.outcome() == ReceiptOutcome.NONE) {
      return;
    }
    report(message, "message.sent");
    callbacks.pause();
    message
        .status()
        .set(message.outcome() == ReceiptOutcome.DELIVERED ? "delivered" : "delivery_failed");
    report(message, "message.finalized");
  }

  private void report(ReceivedMessage message, String eventType) throws InterruptedException {
    String url = message.detail("webhookUrl");
    if (url.isEmpty()) {
      return;
    }
    String eventId = UUID.randomUUID().toString();
    String occurredAt = clock.instant().toString();
    callbacks.deliver(
        "telnyx",
        url,
        attempt -> {
          ObjectNode event = mapper.createObjectNode();
          ObjectNode data = event.putObject("data");
          data.put("event_type", eventType);
          data.put("id", eventId);
          data.put("occurred_at", occurredAt);
          data.set("payload", json(message));
          data.put("record_type", "event");
          ObjectNode meta = event.putObject("meta");
          meta.put("attempt", attempt);
          meta.put("delivered_to", url);
          byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
          String timestamp = Long.toString(clock.instant().getEpochSecond());
          return new CallbackSender.Callback(
              "application/json",
              body,
              Map.of(
                  "telnyx-timestamp",
                  timestamp,
                  "telnyx-signature-ed25519",
                  keys.signAsTelnyx(timestamp, body),
                  "User-Agent",
                  "telnyx-webhooks"));
        });
  }

  private ObjectNode json(ReceivedMessage m) {
    String status = m.status().get();
    ObjectNode json = mapper.createObjectNode();
    json.put("record_type", "message");
    json.put("direction", "outbound");
    json.put("id", m.id());
    json.put("type", "SMS");
    ObjectNode from = json.putObject("from");
    from.put("phone_number", m.request().from());
    from.put("carrier", "Telnyx");
    from.put("line_type", "Wireless");
    ObjectNode to = json.putArray("to").addObject();
    to.put("phone_number", m.request().to());
    to.put("status", status);
    to.put("carrier", "Simulated Carrier");
    to.put("line_type", "Wireless");
    json.put("text", m.request().body());
    json.putArray("media");
    json.put("encoding", "GSM-7");
    json.put("parts", 1);
    json.putArray("tags");
    ObjectNode cost = json.putObject("cost");
    cost.put("amount", "0.0040");
    cost.put("currency", "USD");
    json.put("received_at", m.receivedAt().toString());
    String webhook = m.detail("webhookUrl");
    if (webhook.isEmpty()) {
      json.putNull("webhook_url");
    } else {
      json.put("webhook_url", webhook);
    }
    var errors = json.putArray("errors");
    if (status.equals("delivery_failed")) {
      ObjectNode error = errors.addObject();
      error.put("code", "40008");
      error.put("title", "Undeliverable");
      error.put("detail", "The message could not be delivered to the handset.");
    }
    return json;
  }

  private boolean authenticated(HttpServletRequest request) {
    return SimulatorRequests.opens(
        accounts.telnyx().apiKey(), SimulatorRequests.bearer(request).orElse(null));
  }

  private ResponseEntity<JsonNode> error(
      int status, String code, String title, String detail, String pointer) {
    ObjectNode body = mapper.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("code", code);
    error.put("title", title);
    error.put("detail", detail);
    if (pointer != null) {
      error.putObject("source").put("pointer", pointer);
    }
    return ResponseEntity.status(status).body(body);
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return response;
  }
}
