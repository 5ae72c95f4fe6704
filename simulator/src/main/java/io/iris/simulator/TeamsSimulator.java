package io.iris.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Microsoft Teams incoming webhook: a MessageCard (or an Adaptive Card message) POSTed to the
 * webhook's URL is answered with HTTP 200 and the body {@code 1}. The URL is the credential; there
 * is no idempotency key, so every call is recorded.
 */
@RestController
@Profile("dev")
class TeamsSimulator {

  private final ProviderSimulation sim;
  private final ObjectMapper mapper;

  TeamsSimulator(ProviderSimulations simulations, ObjectMapper mapper) {
    this.sim = simulations.of(SimulatedProvider.TEAMS);
    this.mapper = mapper;
  }

  @PostMapping("/sim/teams/webhook/**")
  ResponseEntity<String> post(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    JsonNode card;
    try {
      card = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      card = null;
    }
    String webhook = SimulatorRequests.pathAfter(request, "/sim/teams/webhook/");
    String title = card == null ? "" : card.path("title").asText("");
    String text = card == null ? "" : card.path("text").asText(card.path("summary").asText(""));
    if (card != null && text.isEmpty() && card.has("attachments")) {
      text = card.path("attachments").toString();
    }
    Incoming incoming = new Incoming(webhook, "", title, text, "");
    if (sim.admit(incoming)) {
      return answer(503, "Service Unavailable");
    }
    if (card == null || !card.isObject()) {
      return answer(400, "Bad payload received by generic incoming webhook.");
    }
    if (text.isBlank()) {
      return answer(400, "Summary or Text is required.");
    }
    sim.accept(incoming, false, () -> UUID.randomUUID().toString(), "delivered", Map.of());
    return answer(200, "1");
  }

  private ResponseEntity<String> answer(int status, String body) {
    sim.pause();
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
  }
}
