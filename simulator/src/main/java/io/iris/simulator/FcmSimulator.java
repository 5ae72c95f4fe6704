package io.iris.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Firebase Cloud Messaging HTTP v1 ({@code messages:send}) with a Bearer access token. The device
 * token {@code invalid} stands for an uninstalled app (404 UNREGISTERED). FCM has no idempotency
 * key: every call is recorded.
 */
@RestController
@Profile("dev")
class FcmSimulator {

  /** The device token that answers UNREGISTERED. */
  static final String UNREGISTERED_TOKEN = "invalid";

  private final ProviderSimulation sim;
  private final SimulatedAccounts accounts;
  private final ObjectMapper mapper;
  private final Clock clock;

  FcmSimulator(
      ProviderSimulations simulations,
      SimulatedAccounts accounts,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.FCM);
    this.accounts = accounts;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping("/sim/fcm/v1/projects/{project}/messages:send")
  ResponseEntity<JsonNode> send(@PathVariable String project, HttpServletRequest request)
      throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    if (!SimulatorRequests.opens(
        accounts.fcm().accessToken(), SimulatorRequests.bearer(request).orElse(null))) {
      return answer(
          error(
              401,
              "UNAUTHENTICATED",
              "Request had invalid authentication credentials. Expected OAuth 2 access token,"
                  + " login cookie or other valid authentication credential.",
              null));
    }
    JsonNode body;
    try {
      body = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      body = null;
    }
    JsonNode message = body == null ? MissingNode.getInstance() : body.path("message");
    String token = message.path("token").asText("");
    JsonNode notification = message.path("notification");
    Incoming incoming =
        new Incoming(
            token.isEmpty() ? message.path("topic").asText("") : token,
            "",
            notification.path("title").asText(""),
            notification.path("body").asText(""),
            "");
    if (sim.admit(incoming)) {
      return answer(error(503, "UNAVAILABLE", "The service is currently unavailable.", null));
    }
    if (!message.isObject()) {
      return answer(
          error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", "INVALID_ARGUMENT"));
    }
    if (incoming.to().isEmpty() && message.path("condition").asText("").isEmpty()) {
      return answer(
          error(
              400, "INVALID_ARGUMENT", "Recipient of the message is not set.", "INVALID_ARGUMENT"));
    }
    if (UNREGISTERED_TOKEN.equals(token)) {
      return answer(error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"));
    }
    String id =
        "0:"
            + clock.millis()
            + "%"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    sim.accept(incoming, false, () -> id, "delivered", Map.of("project", project));
    ObjectNode answer = mapper.createObjectNode();
    answer.put("name", "projects/" + project + "/messages/" + id);
    return answer(ResponseEntity.ok(answer));
  }

  private ResponseEntity<JsonNode> error(
      int code, String status, String message, String fcmErrorCode) {
    ObjectNode body = mapper.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    if (fcmErrorCode != null) {
      ObjectNode detail = error.putArray("details").addObject();
      detail.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError");
      detail.put("errorCode", fcmErrorCode);
    }
    return ResponseEntity.status(code).body(body);
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return response;
  }
}
