package io.iris.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
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
 * Slack for incidents: the Web API methods the incident activities call ({@code chat.postMessage},
 * thread replies included, and {@code chat.update}) under {@code /sim/slack-incidents/api/}, a
 * readable list of the channel's messages with their buttons, and {@code POST
 * /sim/slack-incidents/click}, which clicks a button as a person would: the {@code block_actions}
 * interaction goes to the platform's {@code /webhooks/slack/interactions}, signed with the signing
 * secret as Slack signs it.
 *
 * <p>Like Slack, method errors are HTTP 200 with {@code ok:false} and an error code.
 */
@RestController
@Profile("dev")
class IncidentSlackSimulator {

  static final String API = "/sim/slack-incidents/api/";
  static final String INTERACTIONS_PATH = "/webhooks/slack/interactions";
  static final String BOT_USER = "U0SIMULATOR";
  static final String BOT_ID = "B0SIMULATOR";
  static final String TEAM = "T0SIMULATOR";

  /** A reply in a message's thread. */
  record Reply(String ts, String text, Instant postedAt) {}

  /** A button of a message's current blocks. */
  record Button(String actionId, String label, String value, String style, String blockId) {}

  /**
   * A message as {@code GET /sim/slack-incidents/messages} shows it.
   *
   * @param lines the texts of its blocks (header, fields, sections, context), for reading
   * @param buttons the buttons of its current blocks, clickable with {@code /click}
   * @param updates how many times {@code chat.update} replaced it
   */
  record MessageView(
      String channel,
      String ts,
      String text,
      List<String> lines,
      List<Button> buttons,
      List<Reply> replies,
      Instant postedAt,
      Instant updatedAt,
      int updates,
      JsonNode blocks) {}

  /** The body of {@code POST /sim/slack-incidents/click}. */
  record ClickRequest(String ts, String actionId, String userId, String userName) {}

  /** What a click did: the webhook's answer and the payload it was sent. */
  record ClickResult(int webhookStatus, String webhookBody, JsonNode payload) {}

  private static final class Message {
    final String channel;
    final String ts;
    final Instant postedAt;
    final List<Reply> replies = new ArrayList<>();
    String text;
    ArrayNode blocks;
    Instant updatedAt;
    int updates;

    Message(String channel, String ts, String text, ArrayNode blocks, Instant postedAt) {
      this.channel = channel;
      this.ts = ts;
      this.text = text;
      this.blocks = blocks;
      this.postedAt = postedAt;
      this.updatedAt = postedAt;
    }
  }

  private final IncidentAccounts accounts;
  private final IncidentSelfPoster poster;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Message> messages = new LinkedHashMap<>();

  IncidentSlackSimulator(
      IncidentAccounts accounts, IncidentSelfPoster poster, ObjectMapper mapper, Clock clock) {
    this.accounts = accounts;
    this.poster = poster;
    this.mapper = mapper;
    this.clock = clock;
  }

  @PostMapping(API + "chat.postMessage")
  ResponseEntity<JsonNode> postMessage(HttpServletRequest request) throws IOException {
    Map<String, String> args = arguments(request);
    String refused = refusal(request, args);
    if (refused != null) {
      return answer(failure(refused));
    }
    String channel = args.getOrDefault("channel", "").trim();
    String text = args.getOrDefault("text", "");
    String threadTs = args.getOrDefault("thread_ts", "").trim();
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
      } else {
        messages.put(ts, new Message(channel, ts, text, blocks, now));
      }
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
    String refused = refusal(request, args);
    if (refused != null) {
      return answer(failure(refused));
    }
    String channel = args.getOrDefault("channel", "").trim();
    String ts = args.getOrDefault("ts", "").trim();
    String text = args.getOrDefault("text", "");
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

  @GetMapping("/sim/slack-incidents/messages")
  synchronized List<MessageView> messages() {
    return messages.values().stream().map(IncidentSlackSimulator::view).toList();
  }

  @DeleteMapping("/sim/slack-incidents/messages")
  synchronized ResponseEntity<Void> reset() {
    messages.clear();
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/sim/slack-incidents/click")
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
        ("payload=" + java.net.URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new HashMap<>();
    String secret = accounts.slackSigningSecret();
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

  /** The error code Slack answers a request's credentials and channel with; null when fine. */
  private String refusal(HttpServletRequest request, Map<String, String> args) {
    if (args == null) {
      return "invalid_json";
    }
    String token = SimulatorRequests.bearer(request).orElse(args.get("token"));
    if (token == null || token.isBlank()) {
      return "not_authed";
    }
    if (!SimulatorRequests.opens(accounts.slackBotToken(), token)) {
      return "invalid_auth";
    }
    String channel = args.getOrDefault("channel", "").trim();
    if (channel.isEmpty() || !(channel.startsWith("C") || channel.startsWith("G"))) {
      return "channel_not_found";
    }
    return null;
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

  private static MessageView view(Message m) {
    return new MessageView(
        m.channel,
        m.ts,
        m.text,
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

  private static ResponseEntity<JsonNode> answer(JsonNode body) {
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
