package io.iris.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's Web API method {@code chat.postMessage}, form-encoded (as slack-api-client sends it) or
 * JSON, with a Bearer bot token. Slack answers errors with HTTP 200 and {@code ok:false}; outages
 * are 503, or 429 with {@code Retry-After}. Slack has no idempotency key: every call is recorded.
 */
@RestController
@Profile("dev")
class SlackSimulator {

  /** The share of simulated failures answered as rate limiting instead of 503. */
  private static final double RATE_LIMITED_SHARE = 0.25;

  private final ProviderSimulation sim;
  private final SimulatedAccounts accounts;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  SlackSimulator(
      ProviderSimulations simulations,
      SimulatedAccounts accounts,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.SLACK);
    this.accounts = accounts;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping("/sim/slack/api/chat.postMessage")
  ResponseEntity<JsonNode> postMessage(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    Map<String, String> args = arguments(request, raw);
    if (args == null) {
      return answer(ResponseEntity.ok(failure("invalid_json")));
    }
    String token = SimulatorRequests.bearer(request).orElse(args.get("token"));
    if (token == null || token.isBlank()) {
      return answer(ResponseEntity.ok(failure("not_authed")));
    }
    if (!SimulatorRequests.opens(accounts.slack().botToken(), token)) {
      return answer(ResponseEntity.ok(failure("invalid_auth")));
    }
    String channel = args.getOrDefault("channel", "");
    String text = args.getOrDefault("text", "");
    Incoming incoming = new Incoming(channel, "", "", text, "");
    if (sim.admit(incoming)) {
      if (sim.draw() < RATE_LIMITED_SHARE) {
        return answer(
            ResponseEntity.status(429).header("Retry-After", "1").body(failure("ratelimited")));
      }
      return answer(ResponseEntity.status(503).body(failure("service_unavailable")));
    }
    if (channel.isBlank() || channel.startsWith("X")) {
      return answer(ResponseEntity.ok(failure("channel_not_found")));
    }
    if (text.isBlank() && args.getOrDefault("blocks", "").isBlank()) {
      return answer(ResponseEntity.ok(failure("no_text")));
    }
    long now = clock.instant().getEpochSecond();
    String ts = now + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
    sim.accept(incoming, false, () -> ts, "delivered", Map.of());
    ObjectNode answer = mapper.createObjectNode();
    answer.put("ok", true);
    answer.put("channel", channel);
    answer.put("ts", ts);
    ObjectNode message = answer.putObject("message");
    message.put("type", "message");
    message.put("text", text);
    message.put("user", "U0SIMULATOR");
    message.put("bot_id", "B0SIMULATOR");
    message.put("ts", ts);
    return answer(ResponseEntity.ok(answer));
  }

  /** The method's arguments from a form or a JSON body; null when the JSON is unreadable. */
  private Map<String, String> arguments(HttpServletRequest request, byte[] raw) {
    if (SimulatorRequests.isFormContent(request)) {
      return SimulatorRequests.form(raw);
    }
    JsonNode json;
    try {
      json = mapper.readTree(raw);
    } catch (IOException e) {
      return null;
    }
    if (json == null || !json.isObject()) {
      return null;
    }
    Map<String, String> args = new HashMap<>();
    json.properties()
        .forEach(
            e ->
                args.put(
                    e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    return args;
  }

  private ObjectNode failure(String error) {
    ObjectNode body = mapper.createObjectNode();
    body.put("ok", false);
    body.put("error", error);
    return body;
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return ResponseEntity.status(response.getStatusCode())
        .headers(response.getHeaders())
        .contentType(MediaType.APPLICATION_JSON)
        .body(response.getBody());
  }
}
