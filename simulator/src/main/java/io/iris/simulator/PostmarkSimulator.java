package io.iris.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Postmark's Email API ({@code X-Postmark-Server-Token}): send, outbound message search (by
 * recipient, sender, tag, status, subject, stream, dates and one {@code metadata_<field>}) and
 * outbound message details. No callbacks here: the platform reads the details, whose events show
 * the delivery or the bounce once it happened. Postmark has no idempotency key: every send is a new
 * message.
 */
@RestController
@Profile("dev")
class PostmarkSimulator {

  static final String TOKEN_HEADER = "X-Postmark-Server-Token";

  /** Search: at most 500 per page, and count + offset at most 10,000. */
  static final int MAX_COUNT = 500;

  static final int MAX_SEARCH_WINDOW = 10_000;

  /**
   * Postmark documents a 422 for a bad search but not its ErrorCode; this one is the simulator's.
   */
  private static final int BAD_QUERY = 1100;

  private static final String METADATA_PREFIX = "metadata_";

  /** The API reads and writes times in US Eastern time. */
  private static final ZoneId POSTMARK_ZONE = ZoneId.of("America/New_York");

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
            "");
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
    Map<String, String> details = new LinkedHashMap<>();
    details.put("messageStream", mail.path("MessageStream").asText("outbound"));
    details.put("tag", mail.path("Tag").asText(""));
    JsonNode metadata = mail.path("Metadata");
    if (metadata.isObject()) {
      metadata
          .properties()
          .forEach(
              field -> details.put(METADATA_PREFIX + field.getKey(), field.getValue().asText()));
    }
    ReceivedMessage message =
        sim.accept(incoming, false, () -> UUID.randomUUID().toString(), "sent", details).message();
    callbacks.tell("postmark", message.id(), () -> story(message));
    ObjectNode answer = mapper.createObjectNode();
    answer.put("To", incoming.to());
    answer.put("SubmittedAt", message.receivedAt().toString());
    answer.put("MessageID", message.id());
    answer.put("ErrorCode", 0);
    answer.put("Message", "OK");
    return answer(ResponseEntity.ok(answer));
  }

  /**
   * "Outbound message search": newest first, {@code count} (1 to 500) and {@code offset} required.
   * Unknown filters are ignored, as Postmark does; only one {@code metadata_} filter is allowed.
   */
  @GetMapping("/sim/postmark/messages/outbound")
  ResponseEntity<JsonNode> search(HttpServletRequest request) {
    ResponseEntity<JsonNode> refused = authenticate(request);
    if (refused != null) {
      return answer(refused);
    }
    int count;
    int offset;
    try {
      count = Integer.parseInt(request.getParameter("count"));
      offset = Integer.parseInt(request.getParameter("offset"));
    } catch (NumberFormatException e) {
      return answer(
          error(422, BAD_QUERY, "The 'count' and 'offset' parameters are required numbers."));
    }
    if (count < 1 || count > MAX_COUNT || offset < 0 || count + offset > MAX_SEARCH_WINDOW) {
      return answer(
          error(
              422, BAD_QUERY, "'count' must be 1 to 500, and 'count' + 'offset' at most 10,000."));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              if (name.startsWith(METADATA_PREFIX) && values.length > 0) {
                metadata.put(name, values[0]);
              }
            });
    if (metadata.size() > 1) {
      return answer(error(422, BAD_QUERY, "Only one metadata field can be searched at a time."));
    }
    Optional<Instant> fromDate;
    Optional<Instant> toDate;
    try {
      fromDate = easternTime(request.getParameter("fromdate"), false);
      toDate = easternTime(request.getParameter("todate"), true);
    } catch (DateTimeParseException e) {
      return answer(error(422, BAD_QUERY, "'fromdate' and 'todate' must be dates or date-times."));
    }
    String recipient = request.getParameter("recipient");
    String fromEmail = request.getParameter("fromemail");
    String tag = request.getParameter("tag");
    String status = request.getParameter("status");
    String subject = request.getParameter("subject");
    String stream = Optional.ofNullable(request.getParameter("messagestream")).orElse("outbound");
    List<ReceivedMessage> matching =
        sim.received().reversed().stream()
            .filter(m -> m.detail("messageStream").equals(stream))
            .filter(
                m ->
                    recipient == null
                        || recipients(m).stream().anyMatch(recipient::equalsIgnoreCase))
            .filter(
                m -> fromEmail == null || fromEmail.equalsIgnoreCase(addressOf(m.request().from())))
            .filter(m -> tag == null || tag.equals(m.detail("tag")))
            .filter(m -> status == null || status.equalsIgnoreCase("sent"))
            .filter(m -> subject == null || subject.equals(m.request().subject()))
            .filter(m -> fromDate.isEmpty() || !m.receivedAt().isBefore(fromDate.get()))
            .filter(m -> toDate.isEmpty() || !m.receivedAt().isAfter(toDate.get()))
            .filter(
                m ->
                    metadata.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(m.detail(e.getKey()))))
            .toList();
    ObjectNode answer = mapper.createObjectNode();
    answer.put("TotalCount", matching.size());
    ArrayNode messages = answer.putArray("Messages");
    matching.stream().skip(offset).limit(count).forEach(m -> messages.add(summary(m)));
    return answer(ResponseEntity.ok(answer));
  }

  /** A date, or a date-time, in Postmark's Eastern time; a bare {@code todate} covers its day. */
  private static Optional<Instant> easternTime(String value, boolean endOfDay) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    LocalDateTime time =
        v.contains("T")
            ? LocalDateTime.parse(v)
            : endOfDay
                ? LocalDate.parse(v).atTime(LocalTime.MAX)
                : LocalDate.parse(v).atStartOfDay();
    return Optional.of(time.atZone(POSTMARK_ZONE).toInstant());
  }

  private static List<String> recipients(ReceivedMessage m) {
    return Arrays.stream(m.request().to().split(",")).map(r -> addressOf(r.trim())).toList();
  }

  /** A search result: the message without its bodies. */
  private ObjectNode summary(ReceivedMessage m) {
    ObjectNode json = mapper.createObjectNode();
    json.put("Tag", m.detail("tag"));
    json.put("MessageID", m.id());
    json.put("MessageStream", m.detail("messageStream"));
    addresses(json, m);
    json.put("ReceivedAt", m.receivedAt().atZone(POSTMARK_ZONE).toOffsetDateTime().toString());
    json.put("From", m.request().from());
    json.put("Subject", m.request().subject());
    json.putArray("Attachments");
    json.put("Status", "Sent");
    json.put("TrackOpens", false);
    json.put("TrackLinks", "None");
    json.set("Metadata", metadata(m));
    json.put("Sandboxed", false);
    return json;
  }

  private ObjectNode metadata(ReceivedMessage m) {
    ObjectNode metadata = mapper.createObjectNode();
    m.details().entrySet().stream()
        .filter(e -> e.getKey().startsWith(METADATA_PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> metadata.put(e.getKey().substring(METADATA_PREFIX.length()), e.getValue()));
    return metadata;
  }

  private static void addresses(ObjectNode json, ReceivedMessage m) {
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
    addresses(json, m);
    json.put("Subject", m.request().subject());
    json.put("TextBody", m.request().body());
    json.put("ReceivedAt", m.receivedAt().atZone(POSTMARK_ZONE).toOffsetDateTime().toString());
    json.put("Status", "Sent");
    json.put("Tag", m.detail("tag"));
    json.set("Metadata", metadata(m));
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
