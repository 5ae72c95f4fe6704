package io.iris.api.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iris.activities.platform.SelfUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's Programmable Messaging API (2010-04-01): create and fetch messages with Basic auth and
 * {@code I-Twilio-Idempotency-Token}; then "sent" and the final status are POSTed to the message's
 * {@code StatusCallback}, signed with {@code X-Twilio-Signature}.
 */
@RestController
@Profile("dev")
@RequestMapping("/sim/twilio/2010-04-01/Accounts/{accountSid}")
class TwilioSimulator {

  static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final ProviderSimulation sim;
  private final CallbackSender callbacks;
  private final SimulatedAccounts accounts;
  private final SelfUrls selfUrls;
  private final ObjectMapper mapper;

  TwilioSimulator(
      ProviderSimulations simulations,
      CallbackSender callbacks,
      SimulatedAccounts accounts,
      SelfUrls selfUrls,
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
    Incoming incoming =
        new Incoming(
            form.get("To"),
            form.get("From"),
            "",
            form.get("Body"),
            request.getHeader(IDEMPOTENCY_HEADER));
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
    Map<String, String> details = new LinkedHashMap<>();
    details.put("accountSid", accountSid);
    Optional.ofNullable(form.get("StatusCallback"))
        .filter(url -> !url.isBlank())
        .ifPresent(url -> details.put("statusCallback", selfUrls.resolve(url)));
    ProviderSimulation.Accepted accepted =
        sim.accept(
            incoming,
            true,
            () -> "SM" + UUID.randomUUID().toString().replace("-", ""),
            "queued",
            details);
    if (!accepted.repeated()) {
      ReceivedMessage message = accepted.message();
      callbacks.tell("twilio", message.id(), () -> story(message));
    }
    return answer(ResponseEntity.status(201).body(json(accepted.message())));
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

  /** The message list, filtered by {@code To} and {@code From} (how a sender finds a message). */
  @GetMapping("/Messages.json")
  ResponseEntity<JsonNode> list(
      @PathVariable String accountSid,
      @RequestParam(name = "To", required = false) String to,
      @RequestParam(name = "From", required = false) String from,
      @RequestParam(name = "PageSize", defaultValue = "50") int pageSize,
      HttpServletRequest request) {
    if (!authenticated(accountSid, request)) {
      return answer(error(401, 20003, "Authenticate"));
    }
    ObjectNode page = mapper.createObjectNode();
    ArrayNode messages = page.putArray("messages");
    sim.received().reversed().stream()
        .filter(m -> m.detail("accountSid").equals(accountSid))
        .filter(m -> to == null || m.request().to().equals(to))
        .filter(m -> from == null || m.request().from().equals(from))
        .limit(Math.max(1, pageSize))
        .forEach(m -> messages.add(json(m)));
    String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    page.put("uri", uri);
    page.put("first_page_uri", uri + "?PageSize=" + pageSize + "&Page=0");
    page.putNull("next_page_uri");
    page.putNull("previous_page_uri");
    page.put("page", 0);
    page.put("page_size", pageSize);
    return answer(ResponseEntity.ok(page));
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
