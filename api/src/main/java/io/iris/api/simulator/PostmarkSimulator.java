package io.iris.api.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Postmark's Email API ({@code X-Postmark-Server-Token}). No callbacks here: the platform reads the
 * outbound message details, whose events show the delivery or the bounce once it happened. Postmark
 * has no idempotency header; our sends carry the key in {@code Metadata.iris_idempotency_key},
 * which the simulator deduplicates on.
 */
@RestController
@Profile("dev")
class PostmarkSimulator {

  static final String TOKEN_HEADER = "X-Postmark-Server-Token";

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final ObjectMapper mapper;
  private final Clock clock;

  PostmarkSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.POSTMARK);
    this.callbacks = callbacks;
    this.accounts = accounts;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping("/sim/postmark/email")
  ResponseEntity<JsonNode> send(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    ResponseEntity<JsonNode> refused = authenticate(request);
    if (refused != null) {
      return answer(refused);
    }
    JsonNode mail;
    try {
      mail = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      mail = null;
    }
    if (mail == null || !mail.isObject()) {
      return answer(error(422, 402, "Received invalid JSON input."));
    }
    String body = mail.path("TextBody").asText(mail.path("HtmlBody").asText(""));
    Incoming incoming =
        new Incoming(
            mail.path("To").asText(""),
            mail.path("From").asText(""),
            mail.path("Subject").asText(""),
            body,
            mail.path("Metadata").path("iris_idempotency_key").asText(""));
    if (sim.admit(incoming)) {
      return answer(error(503, 503, "Service unavailable, please retry."));
    }
    if (!SimulatorRequests.isEmail(addressOf(incoming.from()))) {
      return answer(error(422, 300, "Invalid 'From' address: '" + incoming.from() + "'."));
    }
    List<String> recipients = Arrays.stream(incoming.to().split(",")).map(String::trim).toList();
    for (String recipient : recipients) {
      if (!SimulatorRequests.isEmail(addressOf(recipient))) {
        return answer(error(422, 300, "Invalid 'To' address: '" + incoming.to() + "'."));
      }
    }
    if (body.isBlank()) {
      return answer(error(422, 300, "Provide either email TextBody or HtmlBody or both."));
    }
    ProviderSimulation.Accepted accepted =
        sim.accept(
            incoming,
            true,
            () -> UUID.randomUUID().toString(),
            "sent",
            Map.of("messageStream", mail.path("MessageStream").asText("outbound")));
    ReceivedMessage message = accepted.message();
    if (!accepted.repeated()) {
      callbacks.tell("postmark", message.id(), () -> story(message));
    }
    ObjectNode answer = mapper.createObjectNode();
    answer.put("To", incoming.to());
    answer.put("SubmittedAt", message.receivedAt().toString());
    answer.put("MessageID", message.id());
    answer.put("ErrorCode", 0);
    answer.put("Message", "OK");
    return answer(ResponseEntity.ok(answer));
  }

  @GetMapping("/sim/postmark/messages/outbound/{id}/details")
  ResponseEntity<JsonNode> details(@PathVariable String id, HttpServletRequest request) {
    ResponseEntity<JsonNode> refused = authenticate(request);
    if (refused != null) {
      return answer(refused);
    }
    return answer(
        sim.find(id)
            .map(m -> ResponseEntity.ok((JsonNode) details(m)))
            .orElseGet(() -> error(422, 701, "This message was not found.")));
  }

  private void story(ReceivedMessage message) throws InterruptedException {
    callbacks.pause();
    if (message.outcome() == ReceiptOutcome.NONE) {
      return;
    }
    message.status().set(message.outcome() == ReceiptOutcome.DELIVERED ? "delivered" : "bounced");
  }

  private ObjectNode details(ReceivedMessage m) {
    ObjectNode json = mapper.createObjectNode();
    json.put("MessageID", m.id());
    json.put("MessageStream", m.detail("messageStream"));
    json.put("From", m.request().from());
    ArrayNode to = json.putArray("To");
    ArrayNode recipients = json.putArray("Recipients");
    for (String recipient : m.request().to().split(",")) {
      ObjectNode address = to.addObject();
      address.put("Email", recipient.trim());
      address.putNull("Name");
      recipients.add(recipient.trim());
    }
    json.putArray("Cc");
    json.putArray("Bcc");
    json.put("Subject", m.request().subject());
    json.put("TextBody", m.request().body());
    json.put("ReceivedAt", m.receivedAt().toString());
    json.put("Status", "Sent");
    json.putArray("Attachments");
    ArrayNode events = json.putArray("MessageEvents");
    ObjectNode processed = events.addObject();
    processed.put("Recipient", m.request().to());
    processed.put("Type", "Processed");
    processed.put("ReceivedAt", m.receivedAt().toString());
    processed.putObject("Details");
    String status = m.status().get();
    if (status.equals("delivered") || status.equals("bounced")) {
      ObjectNode event = events.addObject();
      event.put("Recipient", m.request().to());
      event.put("ReceivedAt", clock.instant().toString());
      ObjectNode details = event.putObject("Details");
      if (status.equals("delivered")) {
        event.put("Type", "Delivered");
        details.put("DeliveryMessage", "Message delivered by the simulated mail server.");
        details.put("DestinationServer", "simulator");
        details.put("DestinationIP", "127.0.0.1");
      } else {
        event.put("Type", "Bounced");
        details.put(
            "Summary",
            "The server was unable to deliver your message (ex: unknown user, mailbox not found).");
        details.put(
            "BounceID", Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits())));
      }
    }
    return json;
  }

  /** null when the token opens the server; otherwise Postmark's 401 answer. */
  private ResponseEntity<JsonNode> authenticate(HttpServletRequest request) {
    String token = request.getHeader(TOKEN_HEADER);
    if (token == null || token.isBlank()) {
      return error(
          401,
          10,
          "No Account or Server API tokens were supplied in the HTTP headers. Please add a header"
              + " for either X-Postmark-Server-Token or X-Postmark-Account-Token.");
    }
    if (!SimulatorRequests.opens(accounts.postmark().serverToken(), token.trim())) {
      return error(
          401,
          10,
          "The Server Token you provided in the X-Postmark-Server-Token request header was"
              + " invalid. Please verify that you are using a valid token.");
    }
    return null;
  }

  /** The address in "Name <address>" or a bare address. */
  private static String addressOf(String mailbox) {
    int open = mailbox.lastIndexOf('<');
    int close = mailbox.lastIndexOf('>');
    return open >= 0 && close > open ? mailbox.substring(open + 1, close) : mailbox.trim();
  }

  private ResponseEntity<JsonNode> error(int status, int code, String message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("ErrorCode", code);
    body.put("Message", message);
    return ResponseEntity.status(status).body(body);
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return response;
  }
}
