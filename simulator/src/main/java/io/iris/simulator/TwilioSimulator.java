package io.iris.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's Programmable Messaging API (2010-04-01): create, fetch and list messages with Basic
 * auth; then "sent" and the final status are POSTed to the message's {@code StatusCallback}, signed
 * with {@code X-Twilio-Signature} and carrying {@code I-Twilio-Idempotency-Token} as Twilio's
 * webhooks do. Twilio takes no idempotency key for creating a message: every create is a new
 * message, as at Twilio.
 */
@RestController
@Profile("dev")
@RequestMapping("/sim/twilio/2010-04-01/Accounts/{accountSid}")
class TwilioSimulator {

  /** The header Twilio puts on its webhook requests (not one it reads on API requests). */
  static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

  /** Twilio's limit on a message body (error 21617 beyond it). */
  static final int MAX_BODY_CHARS = 1600;

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final SimulatorUrls selfUrls;
  private final ObjectMapper mapper;

  TwilioSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      SimulatorUrls selfUrls,
      ObjectMapper mapper) {
    this.sim = simulations.of(SimulatedProvider.TWILIO);
    this.callbacks = callbacks;
    this.accounts = accounts;
    this.selfUrls = selfUrls;
    this.mapper = mapper;
  }

  @PostMapping("/Messages.json")
  ResponseEntity<JsonNode> create(@PathVariable String accountSid, HttpServletRequest request)
      throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    if (!authenticated(accountSid, request)) {
      return answer(error(401, 20003, "Authenticate"));
    }
    Map<String, String> form = SimulatorRequests.form(raw);
    Incoming incoming = new Incoming(form.get("To"), form.get("From"), "", form.get("Body"), "");
    if (sim.admit(incoming)) {
      return answer(error(503, 20503, "Service Unavailable"));
    }
    String to = incoming.to();
    if (to.isBlank()) {
      return answer(error(400, 21604, "A 'To' phone number is required."));
    }
    if (!SimulatorRequests.isE164(to)) {
      return answer(error(400, 21211, "The 'To' number " + to + " is not a valid phone number."));
    }
    if (incoming.from().isBlank() && !form.containsKey("MessagingServiceSid")) {
      return answer(error(400, 21603, "A 'From' phone number is required."));
    }
    if (incoming.body().isBlank() && !form.containsKey("MediaUrl")) {
      return answer(error(400, 21602, "Message body is required."));
    }
    if (incoming.body().codePointCount(0, incoming.body().length()) > MAX_BODY_CHARS) {
      return answer(
          error(400, 21617, "The concatenated message body exceeds the 1600 character limit."));
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("accountSid", accountSid);
    Optional.ofNullable(form.get("StatusCallback"))
        .filter(url -> !url.isBlank())
        .ifPresent(url -> details.put("statusCallback", selfUrls.resolve(url)));
    ReceivedMessage message =
        sim.accept(
                incoming,
                false,
                () -> "SM" + UUID.randomUUID().toString().replace("-", ""),
                "queued",
                details)
            .message();
    callbacks.tell("twilio", message.id(), () -> story(message));
    return answer(ResponseEntity.status(201).body(json(message)));
  }

  @GetMapping("/Messages/{sid}.json")
  ResponseEntity<JsonNode> fetch(
      @PathVariable String accountSid, @PathVariable String sid, HttpServletRequest request) {
    if (!authenticated(accountSid, request)) {
      return answer(error(401, 20003, "Authenticate"));
    }
    return answer(
        sim.find(sid)
            .filter(m -> m.detail("accountSid").equals(accountSid))
            .map(m -> ResponseEntity.ok((JsonNode) json(m)))
            .orElseGet(
                () ->
                    error(
                        404,
                        20404,
                        "The requested resource /2010-04-01/Accounts/"
                            + accountSid
                            + "/Messages/"
                            + sid
                            + ".json was not found")));
  }

  /**
   * "Read multiple Message resources": newest first, filtered by {@code To}, {@code From} and
   * {@code DateSent} ({@code YYYY-MM-DD}, {@code <=}/{@code >=} forms, or the {@code DateSent<} and
   * {@code DateSent>} parameters; a message not yet sent has no date_sent and matches none of
   * them), in pages of {@code PageSize} linked by {@code next_page_uri}.
   */
  @GetMapping("/Messages.json")
  ResponseEntity<JsonNode> list(@PathVariable String accountSid, HttpServletRequest request) {
    if (!authenticated(accountSid, request)) {
      return answer(error(401, 20003, "Authenticate"));
    }
    String to = request.getParameter("To");
    String from = request.getParameter("From");
    List<DateFilter> dates = new ArrayList<>();
    try {
      DateFilter.parse(request.getParameter("DateSent"), "").ifPresent(dates::add);
      DateFilter.parse(request.getParameter("DateSent<"), "<=").ifPresent(dates::add);
      DateFilter.parse(request.getParameter("DateSent>"), ">=").ifPresent(dates::add);
    } catch (DateTimeParseException e) {
      return answer(error(400, 20001, "Invalid DateSent"));
    }
    int pageSize;
    int pageIndex;
    int offset;
    try {
      pageSize = intParameter(request, "PageSize", DEFAULT_PAGE_SIZE);
      pageIndex = intParameter(request, "Page", 0);
      String token = request.getParameter("PageToken");
      offset = token == null ? pageIndex * pageSize : Integer.parseInt(token.substring(2));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return answer(error(400, 20001, "Invalid paging parameters"));
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE || pageIndex < 0 || offset < 0) {
      return answer(error(400, 20001, "PageSize must be between 1 and 1000"));
    }
    List<ReceivedMessage> matching =
        sim.received().reversed().stream()
            .filter(m -> m.detail("accountSid").equals(accountSid))
            .filter(m -> to == null || m.request().to().equals(to))
            .filter(m -> from == null || m.request().from().equals(from))
            .filter(m -> dates.stream().allMatch(d -> d.matches(dateSent(m))))
            .toList();
    ObjectNode page = mapper.createObjectNode();
    ArrayNode messages = page.putArray("messages");
    matching.stream().skip(offset).limit(pageSize).forEach(m -> messages.add(json(m)));
    String path = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : List.of("To", "From", "DateSent", "DateSent<", "DateSent>")) {
      Optional.ofNullable(request.getParameter(name)).ifPresent(v -> filters.put(name, v));
    }
    page.put("uri", pageUri(path, filters, pageSize, pageIndex, offset));
    page.put("first_page_uri", pageUri(path, filters, pageSize, 0, 0));
    if (offset + pageSize < matching.size()) {
      page.put("next_page_uri", pageUri(path, filters, pageSize, pageIndex + 1, offset + pageSize));
    } else {
      page.putNull("next_page_uri");
    }
    if (pageIndex > 0) {
      int previous = Math.max(0, offset - pageSize);
      page.put("previous_page_uri", pageUri(path, filters, pageSize, pageIndex - 1, previous));
    } else {
      page.putNull("previous_page_uri");
    }
    page.put("page", pageIndex);
    page.put("page_size", pageSize);
    page.put("start", offset);
    page.put("end", offset + messages.size() - 1);
    return answer(ResponseEntity.ok(page));
  }

  private static int intParameter(HttpServletRequest request, String name, int otherwise) {
    String value = request.getParameter(name);
    return value == null ? otherwise : Integer.parseInt(value);
  }

  private static String pageUri(
      String path, Map<String, String> filters, int pageSize, int page, int offset) {
    Map<String, String> query = new LinkedHashMap<>(filters);
    query.put("PageSize", Integer.toString(pageSize));
    query.put("Page", Integer.toString(page));
    if (page > 0) {
      query.put("PageToken", "PA" + offset);
    }
    return path + "?" + SimulatorRequests.encodeForm(query);
  }

  /** When Twilio handed the message on: absent while it is queued. */
  private static Optional<Instant> dateSent(ReceivedMessage m) {
    return m.status().get().equals("queued") ? Optional.empty() : Optional.of(m.receivedAt());
  }

  /** One {@code DateSent} condition on the GMT date a message was sent. */
  private record DateFilter(String comparison, LocalDate date) {

    static Optional<DateFilter> parse(String value, String comparison) {
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      String v = value.trim();
      String c = comparison;
      if (v.startsWith("<=") || v.startsWith(">=")) {
        c = v.substring(0, 2);
        v = v.substring(2);
      }
      return Optional.of(new DateFilter(c, LocalDate.parse(v)));
    }

    boolean matches(Optional<Instant> sent) {
      if (sent.isEmpty()) {
        return false;
      }
      LocalDate day = LocalDate.ofInstant(sent.get(), ZoneOffset.UTC);
      return switch (comparison) {
        case "<=" -> !day.isAfter(date);
        case ">=" -> !day.isBefore(date);
        default -> day.equals(date);
      };
    }
  }

  /** "sent" after a moment, then the final status; each reported to the StatusCallback. */
  private void story(ReceivedMessage message) throws InterruptedException {
    callbacks.pause();
    message.status().set("sent");
    if (message.outcome() == ReceiptOutcome.NONE) {
      return;
    }
    report(message, "sent");
    callbacks.pause();
    String last = message.outcome() == ReceiptOutcome.DELIVERED ? "delivered" : "undelivered";
    message.status().set(last);
    report(message, last);
  }

  private void report(ReceivedMessage message, String status) throws InterruptedException {
    String url = message.detail("statusCallback");
    if (url.isEmpty()) {
      return;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ApiVersion", "2010-04-01");
    fields.put("AccountSid", message.detail("accountSid"));
    fields.put("MessageSid", message.id());
    fields.put("SmsSid", message.id());
    fields.put("MessageStatus", status);
    fields.put("SmsStatus", status);
    fields.put("From", message.request().from());
    fields.put("To", message.request().to());
    if (!status.equals("sent") && !status.equals("delivered")) {
      fields.put("ErrorCode", "30003");
    }
    byte[] body = SimulatorRequests.encodeForm(fields).getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of(
            "X-Twilio-Signature",
            signature(accounts.twilio().authToken(), url, fields),
            IDEMPOTENCY_HEADER,
            UUID.randomUUID().toString(),
            "User-Agent",
            "TwilioProxy/1.1");
    callbacks.deliver(
        "twilio",
        url,
        attempt ->
            new CallbackSender.Callback(
                "application/x-www-form-urlencoded; charset=utf-8", body, headers));
  }

  /** Base64(HMAC-SHA1(auth token, URL + each field's name and value, sorted by name)). */
  static String signature(String authToken, String url, Map<String, String> fields) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(fields).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(
          new SecretKeySpec(
              (authToken == null ? "" : authToken).getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  private boolean authenticated(String accountSid, HttpServletRequest request) {
    SimulatedAccounts.Twilio account = accounts.twilio();
    return SimulatorRequests.basic(request)
        .filter(up -> up[0].equals(accountSid))
        .filter(up -> SimulatorRequests.opens(account.accountSid(), up[0]))
        .filter(up -> SimulatorRequests.opens(account.authToken(), up[1]))
        .isPresent();
  }

  private ObjectNode json(ReceivedMessage m) {
    ObjectNode json = mapper.createObjectNode();
    String status = m.status().get();
    json.put("sid", m.id());
    json.put("account_sid", m.detail("accountSid"));
    json.put("to", m.request().to());
    json.put("from", m.request().from());
    json.put("body", m.request().body());
    json.put("status", status);
    json.put("num_segments", "1");
    json.put("num_media", "0");
    json.put("direction", "outbound-api");
    json.put("api_version", "2010-04-01");
    json.put("price", "-0.00790");
    json.put("price_unit", "USD");
    if (status.equals("undelivered")) {
      json.put("error_code", 30003);
      json.put("error_message", "Unreachable destination handset");
    } else {
      json.putNull("error_code");
      json.putNull("error_message");
    }
    json.putNull("messaging_service_sid");
    json.put("date_created", RFC_2822.format(m.receivedAt()));
    json.put("date_updated", RFC_2822.format(m.receivedAt()));
    dateSent(m)
        .ifPresentOrElse(
            sent -> json.put("date_sent", RFC_2822.format(sent)), () -> json.putNull("date_sent"));
    json.put(
        "uri", "/2010-04-01/Accounts/" + m.detail("accountSid") + "/Messages/" + m.id() + ".json");
    return json;
  }

  private ResponseEntity<JsonNode> error(int status, int code, String message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    body.put("status", status);
    return ResponseEntity.status(status).body(body);
  }

  private ResponseEntity<JsonNode> answer(ResponseEntity<JsonNode> response) {
    sim.pause();
    return response;
  }
}
