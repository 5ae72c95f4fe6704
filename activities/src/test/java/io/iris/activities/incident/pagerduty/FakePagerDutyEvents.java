package io.iris.activities.incident.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local stand-in for PagerDuty's Events API v2 enqueue endpoint, checking what the documented
 * contract checks: the routing key is 32 characters, the action is trigger, acknowledge or resolve,
 * acknowledge and resolve carry a dedup key, a trigger carries a payload with summary (at most 1024
 * characters), source and one of the four severities, and every link has an href. A valid event
 * gets 202 {@code {status:"success", message, dedup_key}}; an invalid one 400 {@code
 * {status:"invalid event", message, errors[]}}. Answers queued with {@link #answerNext} (429s, 5xx,
 * dropped connections) are served first, whatever the request.
 */
final class FakePagerDutyEvents extends Dispatcher {

  static final String PATH = "/v2/enqueue";
  private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
  private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

  private final ObjectMapper json = new ObjectMapper();
  private final ConcurrentLinkedQueue<MockResponse> scripted = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  /** Serves {@code response} to the next request instead of checking it. */
  void answerNext(MockResponse response) {
    scripted.add(response);
  }

  /** The bodies of the requests received so far, in order. */
  List<JsonNode> received() {
    return received;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    JsonNode body;
    try {
      body = json.readTree(request.getBody().readUtf8());
    } catch (IOException e) {
      body = null;
    }
    if (body != null) {
      received.add(body);
    }
    MockResponse next = scripted.poll();
    if (next != null) {
      return next;
    }
    if (!"POST".equals(request.getMethod()) || !PATH.equals(request.getPath())) {
      return new MockResponse().setResponseCode(404);
    }
    String contentType = request.getHeader("Content-Type");
    if (body == null
        || !body.isObject()
        || contentType == null
        || !contentType.startsWith("application/json")) {
      return invalid(List.of("Event object is not a JSON object"));
    }
    List<String> errors = check(body);
    if (!errors.isEmpty()) {
      return invalid(errors);
    }
    String dedupKey =
        body.path("dedup_key").isTextual()
            ? body.get("dedup_key").asText()
            : UUID.randomUUID().toString().replace("-", "");
    return new MockResponse()
        .setResponseCode(202)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                + dedupKey
                + "\"}");
  }

  private static List<String> check(JsonNode event) {
    List<String> errors = new ArrayList<>();
    String routingKey = event.path("routing_key").asText("");
    if (routingKey.length() != 32) {
      errors.add("Length of 'routing_key' is incorrect (should be 32 characters)");
    }
    String action = event.path("event_action").asText("");
    if (!ACTIONS.contains(action)) {
      errors.add("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
    }
    JsonNode dedupKey = event.path("dedup_key");
    if (dedupKey.isTextual() && dedupKey.asText().length() > 255) {
      errors.add("'dedup_key' is too long (must be at most 255 characters)");
    }
    if (!"trigger".equals(action) && (!dedupKey.isTextual() || dedupKey.asText().isBlank())) {
      errors.add("'dedup_key' is missing or blank");
    }
    if ("trigger".equals(action)) {
      JsonNode payload = event.path("payload");
      if (!payload.isObject()) {
        errors.add("'payload' is missing or not an object");
      } else {
        String summary = payload.path("summary").asText("");
        if (summary.isBlank() || summary.length() > 1024) {
          errors.add("'payload.summary' is missing, blank or longer than 1024 characters");
        }
        if (payload.path("source").asText("").isBlank()) {
          errors.add("'payload.source' is missing or blank");
        }
        if (!SEVERITIES.contains(payload.path("severity").asText(""))) {
          errors.add("'payload.severity' is invalid");
        }
        JsonNode timestamp = payload.path("timestamp");
        if (timestamp.isTextual()) {
          try {
            OffsetDateTime.parse(timestamp.asText());
          } catch (DateTimeParseException e) {
            errors.add("'payload.timestamp' is not ISO 8601");
          }
        }
        JsonNode details = payload.path("custom_details");
        if (!details.isMissingNode() && !details.isNull() && !details.isObject()) {
          errors.add("'payload.custom_details' must be an object");
        }
      }
    }
    JsonNode links = event.path("links");
    if (!links.isMissingNode()) {
      if (!links.isArray()) {
        errors.add("'links' must be an array");
      } else {
        for (JsonNode link : links) {
          if (link.path("href").asText("").isBlank()) {
            errors.add("'links[].href' is missing");
          }
        }
      }
    }
    return errors;
  }

  private static MockResponse invalid(List<String> errors) {
    StringBuilder list = new StringBuilder();
    for (String error : errors) {
      list.append(list.isEmpty() ? "" : ",").append('"').append(error).append('"');
    }
    return new MockResponse()
        .setResponseCode(400)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":["
                + list
                + "]}");
  }
}
