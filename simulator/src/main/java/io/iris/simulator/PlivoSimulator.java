package io.iris.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plivo's Message API v1 with Basic auth (auth id and token): send, retrieve, and "List all
 * messages" (message detail records, which carry no text). Plivo sends no callbacks here: the
 * platform polls the message's {@code message_state}. Plivo has no idempotency key, so every
 * request is recorded.
 */
@RestController
@Profile("dev")
@RequestMapping("/sim/plivo/v1/Account/{authId}")
class PlivoSimulator {

  private static final Pattern NUMBER = Pattern.compile("\\+?[1-9]\\d{1,14}");

  /** Plivo's largest page. */
  static final int MAX_LIMIT = 20;

  /** Without a {@code message_time} filter, Plivo lists the last 24 hours. */
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  /** Filters take UTC as {@code YYYY-MM-DD HH:MM[:ss[.uuuuuu]]}. */
  private static final DateTimeFormatter FILTER_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .appendPattern("HH:mm")
          .optionalStart()
          .appendPattern(":ss")
          .optionalStart()
          .appendFraction(ChronoField.MICRO_OF_SECOND, 1, 6, true)
          .toFormatter(Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** Records show the time to the second with an offset, e.g. {@code 2026-03-01 11:58:01+00:00}. */
  private static final DateTimeFormatter RECORD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final ObjectMapper mapper;
  private final Clock clock;

  PlivoSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.PLIVO);
    this.callbacks = callbacks;
    this.accounts = accounts;
    this.mapper = mapper;
    this.clock = clock;
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

  /**
   * "List all messages": the records of this account, newest first, filtered by {@code
   * message_direction}, {@code from_number}/{@code to_number} (E.164, with or without its {@code
   * +}), {@code message_state} and {@code message_time} (exact, {@code __gt}, {@code __gte}, {@code
   * __lt}, {@code __lte}; the last 24 hours when none is given), {@code limit} (at most 20) and
   * {@code offset}.
   */
  @GetMapping({"/Message/", "/Message"})
  ResponseEntity<JsonNode> list(@PathVariable String authId, HttpServletRequest request) {
    if (!authenticated(authId, request)) {
      return answer(error(401, "Authentication failed: check your auth id and auth token."));
    }
    int limit;
    int offset;
    try {
      limit = integer(request, "limit", MAX_LIMIT);
      offset = integer(request, "offset", 0);
    } catch (NumberFormatException e) {
      return answer(error(400, "limit and offset must be integers"));
    }
    if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
      return answer(error(400, "limit must be between 1 and 20, offset at least 0"));
    }
    List<Predicate<Instant>> times = new ArrayList<>();
    try {
      time(request, "message_time", t -> t::equals).ifPresent(times::add);
      time(request, "message_time__gt", t -> x -> x.isAfter(t)).ifPresent(times::add);
      time(request, "message_time__gte", t -> x -> !x.isBefore(t)).ifPresent(times::add);
      time(request, "message_time__lt", t -> x -> x.isBefore(t)).ifPresent(times::add);
      time(request, "message_time__lte", t -> x -> !x.isAfter(t)).ifPresent(times::add);
    } catch (DateTimeParseException e) {
      return answer(
          error(400, "message_time must be in the format YYYY-MM-DD HH:MM[:ss[.uuuuuu]]"));
    }
    if (times.isEmpty()) {
      Instant dayAgo = clock.instant().minus(DEFAULT_WINDOW);
      times.add(x -> !x.isBefore(dayAgo));
    }
    String direction = request.getParameter("message_direction");
    String state = request.getParameter("message_state");
    String from = digits(request.getParameter("from_number"));
    String to = digits(request.getParameter("to_number"));
    List<ReceivedMessage> matching =
        sim.received().reversed().stream()
            .filter(m -> m.detail("authId").equals(authId))
            .filter(m -> direction == null || direction.equals("outbound"))
            .filter(m -> state == null || state.equals(m.status().get()))
            .filter(m -> from == null || from.equals(digits(m.request().from())))
            .filter(m -> to == null || to.equals(digits(m.request().to())))
            .filter(m -> times.stream().allMatch(t -> t.test(recordTime(m))))
            .toList();
    ObjectNode answer = mapper.createObjectNode();
    answer.put("api_id", UUID.randomUUID().toString());
    ObjectNode meta = answer.putObject("meta");
    meta.put("limit", limit);
    meta.put("offset", offset);
    meta.put("total_count", matching.size());
    String path = "/v1/Account/" + authId + "/Message/";
    if (offset + limit < matching.size()) {
      meta.put("next", path + "?limit=" + limit + "&offset=" + (offset + limit));
    } else {
      meta.putNull("next");
    }
    if (offset > 0) {
      meta.put("previous", path + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit));
    } else {
      meta.putNull("previous");
    }
    ArrayNode objects = answer.putArray("objects");
    matching.stream().skip(offset).limit(limit).forEach(m -> objects.add(record(m)));
    return answer(ResponseEntity.ok(answer));
  }

  private static int integer(HttpServletRequest request, String name, int otherwise) {
    String value = request.getParameter(name);
    return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.trim());
  }

  private static Optional<Predicate<Instant>> time(
      HttpServletRequest request, String name, Function<Instant, Predicate<Instant>> condition) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(condition.apply(Instant.from(FILTER_TIME.parse(value.trim()))));
  }

  /** The record's {@code message_time}, which Plivo keeps to the second. */
  private static Instant recordTime(ReceivedMessage m) {
    return m.receivedAt().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String digits(String number) {
    return number == null ? null : number.startsWith("+") ? number.substring(1) : number;
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
    ObjectNode json = record(m);
    json.put("api_id", UUID.randomUUID().toString());
    return json;
  }

  /** A message detail record: no text, no callback URL, no id of the sender's. */
  private ObjectNode record(ReceivedMessage m) {
    ObjectNode json = mapper.createObjectNode();
    json.put("message_uuid", m.id());
    json.put("message_state", m.status().get());
    json.put("message_direction", "outbound");
    json.put("message_type", "sms");
    json.put("from_number", m.request().from().replace("+", ""));
    json.put("to_number", m.request().to().replace("+", ""));
    json.put("total_amount", "0.00500");
    json.put("total_rate", "0.00500");
    json.put("units", 1);
    json.put("message_time", RECORD_TIME.format(recordTime(m)));
    json.put("resource_uri", "/v1/Account/" + m.detail("authId") + "/Message/" + m.id() + "/");
    if (m.status().get().equals("undelivered")) {
      json.put("error_code", "900");
    } else {
      json.putNull("error_code");
    }
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
