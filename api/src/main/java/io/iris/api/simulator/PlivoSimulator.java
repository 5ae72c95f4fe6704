package io.iris.api.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plivo's Message API v1 with Basic auth (auth id and token). Plivo sends no callbacks here: the
 * platform polls the message's {@code message_state}. Plivo has no idempotency key, so every
 * request is recorded.
 */
@RestController
@Profile("dev")
@RequestMapping("/sim/plivo/v1/Account/{authId}")
class PlivoSimulator {

  private static final Pattern NUMBER = Pattern.compile("\\+?[1-9]\\d{1,14}");

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final ObjectMapper mapper;

  PlivoSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      ObjectMapper mapper) {
    this.sim = simulations.of(SimulatedProvider.PLIVO);
    this.callbacks = callbacks;
    this.accounts = accounts;
    this.mapper = mapper;
  }

  @PostMapping({"/Message/", "/Message"})
  ResponseEntity<JsonNode> send(@PathVariable String authId, HttpServletRequest request)
      throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    if (!authenticated(authId, request)) {
      return answer(error(401, "Authentication failed: check your auth id and auth token."));
    }
    JsonNode body;
    try {
      body = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return answer(error(400, "the request body is not valid JSON"));
    }
    Incoming incoming =
        new Incoming(
            body.path("dst").asText(""),
            body.path("src").asText(""),
            "",
            body.path("text").asText(""),
            "");
    if (sim.admit(incoming)) {
      return answer(error(503, "service unavailable, please retry"));
    }
    if (incoming.from().isBlank() && body.path("powerpack_uuid").asText("").isBlank()) {
      return answer(error(400, "src parameter not present"));
    }
    if (!NUMBER.matcher(incoming.to()).matches()) {
      return answer(error(400, "invalid dst number: " + incoming.to()));
    }
    if (incoming.body().isBlank()) {
      return answer(error(400, "text parameter not present"));
    }
    ProviderSimulation.Accepted accepted =
        sim.accept(
            incoming,
            false,
            () -> UUID.randomUUID().toString(),
            "queued",
            Map.of("authId", authId));
    ReceivedMessage message = accepted.message();
    callbacks.tell("plivo", message.id(), () -> story(message));
    ObjectNode answer = mapper.createObjectNode();
    answer.put("api_id", UUID.randomUUID().toString());
    answer.put("message", "message(s) queued");
    answer.putArray("message_uuid").add(message.id());
    return answer(ResponseEntity.accepted().body(answer));
  }

  @GetMapping({"/Message/{uuid}/", "/Message/{uuid}"})
  ResponseEntity<JsonNode> fetch(
      @PathVariable String authId, @PathVariable String uuid, HttpServletRequest request) {
    if (!authenticated(authId, request)) {
      return answer(error(401, "Authentication failed: check your auth id and auth token."));
    }
    return answer(
        sim.find(uuid)
            .filter(m -> m.detail("authId").equals(authId))
            .map(m -> ResponseEntity.ok((JsonNode) json(m)))
            .orElseGet(() -> error(404, "not found")));
  }

  /** Polled providers change state without telling anyone. */
  private void story(ReceivedMessage message) throws InterruptedException {
    callbacks.pause();
    message.status().set("sent");
    if (message.outcome() == ReceiptOutcome.NONE) {
      return;
    }
    callbacks.pause();
    message
        .status()
        .set(message.outcome() == ReceiptOutcome.DELIVERED ? "delivered" : "undelivered");
  }

  private ObjectNode json(ReceivedMessage m) {
    ObjectNode json = mapper.createObjectNode();
    json.put("api_id", UUID.randomUUID().toString());
    json.put("message_uuid", m.id());
    json.put("message_state", m.status().get());
    json.put("message_direction", "outbound");
    json.put("message_type", "sms");
    json.put("from_number", m.request().from().replace("+", ""));
    json.put("to_number", m.request().to().replace("+", ""));
    json.put("total_amount", "0.00500");
    json.put("total_rate", "0.00500");
    json.put("units", 1);
    json.put("message_time", m.receivedAt().toString());
    json.put("error_code", m.status().get().equals("undelivered") ? "900" : "");
    return json;
  }

  private boolean authenticated(String authId, HttpServletRequest request) {
    SimulatedAccounts.Plivo account = accounts.plivo();
    return SimulatorRequests.basic(request)
        .filter(up -> up[0].equals(authId))
        .filter(up -> SimulatorRequests.opens(account.authId(), up[0]))
        .filter(up -> SimulatorRequests.opens(account.authToken(), up[1]))
        .isPresent();
  }

  private ResponseEntity<JsonNode> error(int status, String error) {
    ObjectNode body = mapper.createObjectNode();
    body.put("api_id", UUID.randomUUID().toString());
    body.put("error", error);
    return ResponseEntity.status(status).body(body);
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return response;
  }
}
