package io.iris.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack, once: the Web API methods IRIS calls, for the {@code slack} channel's sends and for
 * incident messages alike, under {@code /sim/slack/api/} ({@code chat.postMessage}, thread replies
 * included, and {@code chat.update}); every message it took in {@code GET /sim/slack/messages}; and
 * {@code POST /sim/slack/click}, which clicks a button of a message as a person would: the {@code
 * block_actions} interaction goes to the platform's {@code /webhooks/slack/interactions}, signed
 * with the signing secret as Slack signs it (with this class's own code).
 *
 * <p>As Slack: method errors are HTTP 200 with {@code ok:false} and Slack's error code ({@code
 * not_authed}, {@code invalid_auth}, {@code channel_not_found}, {@code no_text}, {@code
 * invalid_blocks}, {@code thread_not_found}, {@code message_not_found}); failures set through
 * {@code PUT /sim/slack/behavior} are 503, or 429 {@code ratelimited} with {@code Retry-After}. The
 * bot token checked is the platform's {@code iris.providers.slack.bot-token} (any, when none is
 * configured). Slack has no idempotency key: every call is recorded.
 */
@RestController
@Profile("dev")
class SlackSimulator {

  static final String API = "/sim/slack/api/";
  static final String MESSAGES = "/sim/slack/messages";
  static final String CLICK = "/sim/slack/click";
  static final String INTERACTIONS_PATH = "/webhooks/slack/interactions";
  static final String BOT_USER = "U0SIMULATOR";
  static final String BOT_ID = "B0SIMULATOR";
  static final String TEAM = "T0SIMULATOR";

  /** The share of simulated failures answered as rate limiting instead of 503. */
  private static final double RATE_LIMITED_SHARE = 0.25;

  /** A reply in a message's thread. */
  record Reply(String ts, String text, Instant postedAt) {}

  /** A button of a message's current blocks. */
  record Button(String actionId, String label, String value, String style, String blockId) {}

  /**
   * A message as {@code GET /sim/slack/messages} shows it: the fields of every simulated provider's
   * list ({@code /sim/{provider}/messages}: {@code id} is the {@code ts}, {@code to} the channel,
   * {@code body} the text as first posted), then Slack's own.
   *
   * @param text the current text ({@code chat.update} replaces it)
   * @param threadTs the parent's {@code ts} for a thread reply, "" for a message of the channel
   * @param lines the texts of its blocks (header, fields, sections, context), for reading
   * @param buttons the buttons of its current blocks, clickable with {@code /sim/slack/click}
   * @param replies the replies in its thread (each is also a message of the list)
   * @param updates how many times {@code chat.update} replaced it
   */
  record MessageView(
      String id,
      String to,
      String from,
      String subject,
      String body,
      String idempotencyKey,
      Instant receivedAt,
      String status,
      int attempts,
      String channel,
      String ts,
      String text,
      String threadTs,
      List<String> lines,
      List<Button> buttons,
      List<Reply> replies,
      Instant postedAt,
      Instant updatedAt,
      int updates,
      JsonNode blocks) {}

  /** The body of {@code POST /sim/slack/click}. */
  record ClickRequest(String ts, String actionId, String userId, String userName) {}

  /** What a click did: the webhook's answer and the payload it was sent. */
  record ClickResult(int webhookStatus, String webhookBody, JsonNode payload) {}

  private static final class Message {
    final String channel;
    final String ts;
    final String threadTs;
    final Instant postedAt;
    final List<Reply> replies = new ArrayList<>();
    String text;
    ArrayNode blocks;
    Instant updatedAt;
    int updates;

    Message(
        String channel,
        String ts,
        String threadTs,
        String text,
        ArrayNode blocks,
        Instant postedAt) {
      this.channel = channel;
      this.ts = ts;
      this.threadTs = threadTs;
      this.text = text;
      this.blocks = blocks;
      this.postedAt = postedAt;
      this.updatedAt = postedAt;
    }
  }

  private final ProviderSimulation sim;
  private final SimulatedAccounts accounts;
  private final IncidentAccounts secrets;
  private final IncidentSelfPoster poster;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Message> messages = new LinkedHashMap<>();

  SlackSimulator(
      ProviderSimulations simulations,
      SimulatedAccounts accounts,
      IncidentAccounts secrets,
      IncidentSelfPoster poster,
      ObjectMapper mapper,
      Clock clock) {
    this.sim = simulations.of(SimulatedProvider.SLACK);
    this.accounts = accounts;
    this.secrets = secrets;
    this.poster = poster;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping(API + "chat.postMessage")
  ResponseEntity<JsonNode> postMessage(HttpServletRequest request) throws IOException {
    Map<String, String> args = arguments(request);
    String refused = unauthenticated(request, args);
    if (refused != null) {
      return answer(failure(refused));
    }
    String channel = args.getOrDefault("channel", "").trim();
    String text = args.getOrDefault("text", "");
    String threadTs = args.getOrDefault("thread_ts", "").trim();
    Incoming incoming = new Incoming(channel, "", "", text, "");
    ResponseEntity<JsonNode> failed = failing(incoming);
    if (failed != null) {
      return failed;
    }
    if (!isConversation(channel)) {
      return answer(failure("channel_not_found"));
    }
    ArrayNode blocks = blocks(args.get("blocks"));
    if (blocks == null) {
      return answer(failure("invalid_blocks"));
    }
    if (text.isBlank() && blocks.isEmpty()) {
      return answer(failure("no_text"));
    }
    Instant now = clock.instant();
    String ts = nextTs(now);
    ObjectNode message = mapper.createObjectNode();
    synchronized (this) {
      if (!threadTs.isEmpty()) {
        Message parent = messages.get(threadTs);
        if (parent == null || !parent.channel.equals(channel)) {
          return answer(failure("thread_not_found"));
        }
        parent.replies.add(new Reply(ts, text, now));
        message.put("thread_ts", threadTs);
      }
      messages.put(ts, new Message(channel, ts, threadTs, text, blocks, now));
      sim.accept(
          incoming,
          false,
          () -> ts,
          "delivered",
          threadTs.isEmpty() ? Map.of() : Map.of("thread_ts", threadTs));
    }
    describe(message, ts, text, blocks);
    ObjectNode body = mapper.createObjectNode();
    body.put("ok", true);
    body.put("channel", channel);
    body.put("ts", ts);
    body.set("message", message);
    return answer(body);
  }

  @PostMapping(API + "chat.update")
  ResponseEntity<JsonNode> update(HttpServletRequest request) throws IOException {
    Map<String, String> args = arguments(request);
    String refused = unauthenticated(request, args);
    if (refused != null) {
      return answer(failure(refused));
    }
    String channel = args.getOrDefault("channel", "").trim();
    String ts = args.getOrDefault("ts", "").trim();
    String text = args.getOrDefault("text", "");
    // Counted apart from the messages' own attempts: an update is not a second copy of a message.
    ResponseEntity<JsonNode> failed =
        failing(new Incoming(channel, "", "", text, "chat.update:" + ts));
    if (failed != null) {
      return failed;
    }
    if (!isConversation(channel)) {
      return answer(failure("channel_not_found"));
    }
    ArrayNode blocks = blocks(args.get("blocks"));
    if (blocks == null) {
      return answer(failure("invalid_blocks"));
    }
    if (ts.isEmpty()) {
      return answer(failure("message_not_found"));
    }
    if (text.isBlank() && blocks.isEmpty()) {
      return answer(failure("no_text"));
    }
    synchronized (this) {
      Message message = messages.get(ts);
      if (message == null || !message.channel.equals(channel)) {
        return answer(failure("message_not_found"));
      }
      message.text = text;
      message.blocks = blocks;
      message.updatedAt = clock.instant();
      message.updates++;
    }
    ObjectNode body = mapper.createObjectNode();
    body.put("ok", true);
    body.put("channel", channel);
    body.put("ts", ts);
    body.put("text", text);
    describe(body.putObject("message"), ts, text, blocks);
    return answer(body);
  }

  /** Every message, channel sends and incident messages alike, in the order they came. */
  @GetMapping(MESSAGES)
  synchronized List<MessageView> messages() {
    List<MessageView> views = new ArrayList<>();
    for (SimulatedMessage received : sim.views()) {
      Message m = messages.get(received.id());
      if (m != null) {
        views.add(view(received, m));
      }
    }
    return views;
  }

  @DeleteMapping(MESSAGES)
  synchronized ResponseEntity<Void> reset() {
    messages.clear();
    sim.reset();
    return ResponseEntity.noContent().build();
  }

  @PostMapping(CLICK)
  ResponseEntity<ClickResult> click(@RequestBody ClickRequest click) {
    String ts = required("ts", click.ts());
    String actionId = required("actionId", click.actionId());
    String userId = blank(click.userId()) ? "U0SIMUSER" : click.userId().trim();
    String userName = blank(click.userName()) ? "simulated.user" : click.userName().trim();
    Instant now = clock.instant();
    ObjectNode payload;
    synchronized (this) {
      Message message = messages.get(ts);
      if (message == null) {
        throw SimulatorProblem.notFound("slack message", ts);
      }
      Button button =
          buttons(message.blocks).stream()
              .filter(b -> b.actionId().equals(actionId))
              .findFirst()
              .orElseThrow(
                  () -> SimulatorProblem.notFound("button of slack message " + ts, actionId));
      payload = payload(message, button, userId, userName, now);
    }
    byte[] body =
        ("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    String secret = secrets.slackSigningSecret();
    if (!secret.isEmpty()) {
      // Without a secret there is nothing to sign with; the webhook then refuses (403), as it would
      // refuse Slack itself.
      String timestamp = Long.toString(now.getEpochSecond());
      headers.put("X-Slack-Request-Timestamp", timestamp);
      headers.put("X-Slack-Signature", sign(secret, timestamp, body));
    }
    IncidentSelfPoster.Answer answer =
        poster.post(INTERACTIONS_PATH, MediaType.APPLICATION_FORM_URLENCODED_VALUE, body, headers);
    return ResponseEntity.status(answer.status())
        .body(new ClickResult(answer.status(), answer.body(), payload));
  }

  /** The interaction Slack sends for a click on a button of a message. */
  private ObjectNode payload(
      Message message, Button button, String userId, String userName, Instant now) {
    String actionTs = nextTs(now);
    ObjectNode payload = mapper.createObjectNode();
    payload.put("type", "block_actions");
    ObjectNode user = payload.putObject("user");
    user.put("id", userId);
    user.put("username", userName);
    user.put("name", userName);
    user.put("team_id", TEAM);
    payload.put("api_app_id", "A0SIMULATOR");
    payload.put("trigger_id", actionTs + ".simulator");
    ObjectNode team = payload.putObject("team");
    team.put("id", TEAM);
    team.put("domain", "iris-simulator");
    ObjectNode container = payload.putObject("container");
    container.put("type", "message");
    container.put("message_ts", message.ts);
    container.put("channel_id", message.channel);
    container.put("is_ephemeral", false);
    ObjectNode channel = payload.putObject("channel");
    channel.put("id", message.channel);
    channel.put("name", "incidents");
    describe(payload.putObject("message"), message.ts, message.text, message.blocks);
    ObjectNode action = payload.putArray("actions").addObject();
    action.put("type", "button");
    action.put("action_id", button.actionId());
    action.put("block_id", button.blockId());
    action.put("value", button.value());
    ObjectNode label = action.putObject("text");
    label.put("type", "plain_text");
    label.put("text", button.label());
    label.put("emoji", true);
    if (button.style() != null) {
      action.put("style", button.style());
    }
    action.put("action_ts", actionTs);
    return payload;
  }

  /** Slack's v0 signature: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}. */
  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The error code Slack answers a request's arguments and credentials with; null when fine. */
  private String unauthenticated(HttpServletRequest request, Map<String, String> args) {
    if (args == null) {
      return "invalid_json";
    }
    String token = SimulatorRequests.bearer(request).orElse(args.get("token"));
    if (token == null || token.isBlank()) {
      return "not_authed";
    }
    if (!SimulatorRequests.opens(accounts.slack().botToken(), token)) {
      return "invalid_auth";
    }
    return null;
  }

  /** The configured failure for this request (counted as an attempt), or null to go on. */
  private ResponseEntity<JsonNode> failing(Incoming incoming) {
    if (!sim.admit(incoming)) {
      return null;
    }
    sim.pause();
    if (sim.draw() < RATE_LIMITED_SHARE) {
      return ResponseEntity.status(429)
          .header("Retry-After", "1")
          .contentType(MediaType.APPLICATION_JSON)
          .body(failure("ratelimited"));
    }
    return ResponseEntity.status(503)
        .contentType(MediaType.APPLICATION_JSON)
        .body(failure("service_unavailable"));
  }

  /**
   * A conversation this workspace has: a channel, private channel or DM id ({@code C…}, {@code G…},
   * {@code D…}), a user id ({@code U…}, {@code W…}: a DM) or a {@code #name}. Anything else, {@code
   * X…} (the simulator's "no such channel") included, is {@code channel_not_found}.
   */
  private static boolean isConversation(String channel) {
    return !channel.isEmpty() && "CGDUW#".indexOf(channel.charAt(0)) >= 0;
  }

  /** The method's arguments from a form or a JSON body; null when the JSON is unreadable. */
  private Map<String, String> arguments(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
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

  /** The {@code blocks} argument (a JSON array); empty when absent, null when not an array. */
  private ArrayNode blocks(String json) {
    if (json == null || json.isBlank()) {
      return mapper.createArrayNode();
    }
    try {
      JsonNode node = mapper.readTree(json);
      return node instanceof ArrayNode array ? array : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void describe(ObjectNode message, String ts, String text, ArrayNode blocks) {
    message.put("type", "message");
    message.put("text", text);
    message.put("user", BOT_USER);
    message.put("bot_id", BOT_ID);
    message.put("ts", ts);
    if (!blocks.isEmpty()) {
      message.set("blocks", blocks.deepCopy());
    }
  }

  private String nextTs(Instant now) {
    return now.getEpochSecond()
        + "."
        + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
  }

  private static MessageView view(SimulatedMessage received, Message m) {
    return new MessageView(
        received.id(),
        received.to(),
        received.from(),
        received.subject(),
        received.body(),
        received.idempotencyKey(),
        received.receivedAt(),
        received.status(),
        received.attempts(),
        m.channel,
        m.ts,
        m.text,
        m.threadTs,
        lines(m.blocks),
        buttons(m.blocks),
        List.copyOf(m.replies),
        m.postedAt,
        m.updatedAt,
        m.updates,
        m.blocks.deepCopy());
  }

  /** The texts a person reads in the blocks: header, section text and fields, context. */
  private static List<String> lines(ArrayNode blocks) {
    List<String> lines = new ArrayList<>();
    for (JsonNode block : blocks) {
      addText(lines, block.path("text"));
      for (JsonNode field : block.path("fields")) {
        addText(lines, field);
      }
      if ("context".equals(block.path("type").asText())) {
        for (JsonNode element : block.path("elements")) {
          addText(lines, element);
        }
      }
    }
    return lines;
  }

  private static void addText(List<String> lines, JsonNode textObject) {
    String text = textObject.path("text").asText("");
    if (!text.isBlank()) {
      lines.add(text);
    }
  }

  private static List<Button> buttons(ArrayNode blocks) {
    List<Button> buttons = new ArrayList<>();
    for (JsonNode block : blocks) {
      if (!"actions".equals(block.path("type").asText())) {
        continue;
      }
      for (JsonNode element : block.path("elements")) {
        if ("button".equals(element.path("type").asText())) {
          buttons.add(
              new Button(
                  element.path("action_id").asText(""),
                  element.path("text").path("text").asText(""),
                  element.path("value").asText(""),
                  element.hasNonNull("style") ? element.get("style").asText() : null,
                  block.path("block_id").asText("")));
        }
      }
    }
    return buttons;
  }

  private ObjectNode failure(String error) {
    ObjectNode body = mapper.createObjectNode();
    body.put("ok", false);
    body.put("error", error);
    return body;
  }

  /** Slack's answer to a method call, after the configured latency. */
  private ResponseEntity<JsonNode> answer(JsonNode body) {
    sim.pause();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
  }

  private static String required(String field, String value) {
    if (blank(value)) {
      throw SimulatorProblem.invalidField(field, "is required");
    }
    return value.trim();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
