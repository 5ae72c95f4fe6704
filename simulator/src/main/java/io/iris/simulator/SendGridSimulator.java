package io.iris.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SendGrid's Mail Send API v3 ({@code POST /v3/mail/send}, Bearer API key); the message's events
 * (processed, then delivered or bounce) are POSTed to the account's Event Webhook, signed with
 * ECDSA P-256. SendGrid has no idempotency key: every send is a new message. Our sends carry the
 * attempt's key as the custom argument {@code iris_idempotency_key}, which is recorded (and echoed
 * in the events) but deduplicates nothing.
 */
@RestController
@Profile("dev")
class SendGridSimulator {

  static final String IDEMPOTENCY_ARG = "iris_idempotency_key";

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final SimulatorKeys keys;
  private final SimulatorUrls selfUrls;
  private final ObjectMapper mapper;
  private final Clock clock;

  SendGridSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      SimulatorKeys keys,
      SimulatorUrls selfUrls,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.SENDGRID);
    this.callbacks = callbacks;
    this.accounts = accounts;
    this.keys = keys;
    this.selfUrls = selfUrls;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping("/sim/sendgrid/v3/mail/send")
  ResponseEntity<JsonNode> send(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    if (!SimulatorRequests.opens(
        accounts.sendgrid().apiKey(), SimulatorRequests.bearer(request).orElse(null))) {
      return answer(
          errors(401, "The provided authorization grant is invalid, expired, or revoked", null));
    }
    JsonNode mail;
    try {
      mail = mapper.readTree(raw);
    } catch (JsonProcessingException e) {
      mail = null;
    }
    if (mail == null || !mail.isObject()) {
      return answer(errors(400, "Bad Request", null));
    }
    JsonNode personalizations = mail.path("personalizations");
    List<String> recipients = new ArrayList<>();
    Map<String, String> customArgs = new LinkedHashMap<>();
    textFields(mail.path("custom_args"), customArgs);
    for (int i = 0; i < personalizations.size(); i++) {
      JsonNode to = personalizations.get(i).path("to");
      for (int j = 0; j < to.size(); j++) {
        recipients.add(to.get(j).path("email").asText(""));
      }
      textFields(personalizations.get(i).path("custom_args"), customArgs);
    }
    String subject =
        mail.path("subject").asText(personalizations.path(0).path("subject").asText(""));
    Incoming incoming =
        new Incoming(
            String.join(", ", recipients),
            mail.path("from").path("email").asText(""),
            subject,
            mail.path("content").path(0).path("value").asText(""),
            customArgs.get(IDEMPOTENCY_ARG));
    if (sim.admit(incoming)) {
      return answer(errors(503, "Service Unavailable", null));
    }
    ResponseEntity<JsonNode> invalid = validate(mail, personalizations, incoming);
    if (invalid != null) {
      return answer(invalid);
    }
    Map<String, String> details = new LinkedHashMap<>(customArgs);
    ReceivedMessage message =
        sim.accept(incoming, false, SendGridSimulator::newMessageId, "queued", details).message();
    callbacks.tell("sendgrid", message.id(), () -> story(message, recipients));
    return answer(ResponseEntity.accepted().header("X-Message-Id", message.id()).build());
  }

  private ResponseEntity<JsonNode> validate(
      JsonNode mail, JsonNode personalizations, Incoming incoming) {
    if (!personalizations.isArray() || personalizations.isEmpty()) {
      return errors(
          400,
          "The personalizations field is required and must have at least one personalization.",
          "personalizations");
    }
    for (int i = 0; i < personalizations.size(); i++) {
      JsonNode to = personalizations.get(i).path("to");
      if (!to.isArray() || to.isEmpty()) {
        return errors(
            400,
            "The to array is required for all personalization objects, and must have at least one"
                + " email object with a valid email address.",
            "personalizations." + i + ".to");
      }
      for (int j = 0; j < to.size(); j++) {
        if (!SimulatorRequests.isEmail(to.get(j).path("email").asText(""))) {
          return errors(
              400,
              "Does not contain a valid address.",
              "personalizations." + i + ".to." + j + ".email");
        }
      }
    }
    if (!SimulatorRequests.isEmail(incoming.from())) {
      return errors(400, "The from email does not contain a valid address.", "from.email");
    }
    if (incoming.subject().isBlank()) {
      return errors(
          400,
          "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
          "subject");
    }
    if (!mail.path("content").isArray() || incoming.body().isEmpty()) {
      return errors(
          400,
          "The content value must be a string at least one character in length.",
          "content.0.value");
    }
    return null;
  }

  /** After a moment: "processed" and the outcome for every recipient, in one signed batch. */
  private void story(ReceivedMessage message, List<String> recipients) throws InterruptedException {
    callbacks.pause();
    if (message.outcome() == ReceiptOutcome.NONE) {
      message.status().set("processed");
      return;
    }
    boolean delivered = message.outcome() == ReceiptOutcome.DELIVERED;
    message.status().set(delivered ? "delivered" : "bounce");
    long timestamp = clock.instant().getEpochSecond();
    ArrayNode events = mapper.createArrayNode();
    for (String email : recipients) {
      ObjectNode processed = event(message, email, "processed", timestamp);
      events.add(processed);
      ObjectNode outcome = event(message, email, delivered ? "delivered" : "bounce", timestamp);
      if (delivered) {
        outcome.put("response", "250 OK");
      } else {
        outcome.put("type", "bounce");
        outcome.put("status", "5.1.1");
        outcome.put(
            "reason", "550 5.1.1 The email account that you tried to reach does not exist.");
        outcome.put("bounce_classification", "Invalid Address");
      }
      events.add(outcome);
    }
    byte[] body = events.toString().getBytes(StandardCharsets.UTF_8);
    String url = selfUrls.platform() + "/webhooks/sendgrid";
    callbacks.deliver(
        "sendgrid",
        url,
        attempt -> {
          String signedAt = Long.toString(clock.instant().getEpochSecond());
          return new CallbackSender.Callback(
              "application/json",
              body,
              Map.of(
                  "X-Twilio-Email-Event-Webhook-Timestamp",
                  signedAt,
                  "X-Twilio-Email-Event-Webhook-Signature",
                  keys.signAsSendGrid(signedAt, body),
                  "User-Agent",
                  "SendGrid Event API"));
        });
  }

  private ObjectNode event(ReceivedMessage message, String email, String name, long timestamp) {
    ObjectNode event = mapper.createObjectNode();
    event.put("email", email);
    event.put("timestamp", timestamp);
    event.put("smtp-id", "<" + message.id() + "@simulator.sendgrid.invalid>");
    event.put("event", name);
    event.put("sg_event_id", UUID.randomUUID().toString().replace("-", ""));
    event.put("sg_message_id", message.id() + ".filterdrecv-simulator-1-0.0");
    // Custom arguments come back flattened into every event.
    message.details().forEach(event::put);
    return event;
  }

  private static void textFields(JsonNode object, Map<String, String> into) {
    object.properties().forEach(e -> into.put(e.getKey(), e.getValue().asText()));
  }

  /** An id shaped like SendGrid's X-Message-Id: 22 URL-safe base64 characters. */
  private static String newMessageId() {
    UUID id = UUID.randomUUID();
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
    bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  private ResponseEntity<JsonNode> errors(int status, String message, String field) {
    ObjectNode body = mapper.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("message", message);
    if (field == null) {
      error.putNull("field");
    } else {
      error.put("field", field);
    }
    error.putNull("help");
    return ResponseEntity.status(status).body(body);
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return response;
  }
}
