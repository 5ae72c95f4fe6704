package io.iris.integrations.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.integrations.spi.CallbackRejection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One click on an incident button, read from an interactivity payload.
 *
 * @param kind what the button does
 * @param incidentId the button's value
 * @param actor the clicking user's id, with their username when the payload has one
 */
public record IncidentClick(Kind kind, String incidentId, String actor) {

  public enum Kind {
    ACKNOWLEDGE,
    RESOLVE,
    ESCALATE;

    static Optional<Kind> of(String actionId) {
      return switch (actionId) {
        case IncidentMessage.ACKNOWLEDGE -> Optional.of(ACKNOWLEDGE);
        case IncidentMessage.RESOLVE -> Optional.of(RESOLVE);
        case IncidentMessage.ESCALATE -> Optional.of(ESCALATE);
        default -> Optional.empty();
      };
    }
  }

  static final String BLOCK_ACTIONS = "block_actions";

  /**
   * The incident clicks in a form-encoded interactivity body: none for other payload types and
   * other buttons.
   *
   * @throws CallbackRejection when the body has no JSON {@code payload} or it lacks what a {@code
   *     block_actions} payload must have
   */
  static List<IncidentClick> read(ObjectMapper json, byte[] rawBody) {
    JsonNode payload = payload(json, rawBody);
    String type = text(payload.path("type"));
    if (type.isEmpty()) {
      throw CallbackRejection.invalidField("payload.type", "is required");
    }
    if (!BLOCK_ACTIONS.equals(type)) {
      return List.of();
    }
    JsonNode user = payload.path("user");
    String userId = text(user.path("id"));
    if (userId.isEmpty()) {
      throw CallbackRejection.invalidField("payload.user.id", "is required");
    }
    String username = text(user.path("username"));
    if (username.isEmpty()) {
      username = text(user.path("name"));
    }
    String actor = username.isEmpty() ? userId : userId + " (" + username + ")";
    JsonNode actions = payload.path("actions");
    if (!actions.isArray()) {
      throw CallbackRejection.invalidField("payload.actions", "is required");
    }
    List<IncidentClick> clicks = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      Optional<Kind> kind = Kind.of(text(actions.get(i).path("action_id")));
      if (kind.isEmpty()) {
        continue;
      }
      String incidentId = text(actions.get(i).path("value"));
      if (incidentId.isEmpty()) {
        throw CallbackRejection.invalidField("payload.actions[" + i + "].value", "is required");
      }
      clicks.add(new IncidentClick(kind.get(), incidentId, actor));
    }
    return clicks;
  }

  static JsonNode payload(ObjectMapper json, byte[] rawBody) {
    String encoded = null;
    try {
      for (String pair : new String(rawBody, StandardCharsets.UTF_8).split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if ("payload".equals(name) && encoded == null) {
          encoded = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    } catch (IllegalArgumentException e) {
      throw CallbackRejection.invalidField("payload", "is not form-encoded");
    }
    if (encoded == null || encoded.isBlank()) {
      throw CallbackRejection.invalidField("payload", "is required");
    }
    JsonNode node;
    try {
      node = json.readTree(encoded);
    } catch (JsonProcessingException e) {
      throw CallbackRejection.invalidField("payload", "is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw CallbackRejection.invalidField("payload", "must be a JSON object");
    }
    return node;
  }

  static String text(JsonNode node) {
    return node == null || !node.isTextual() ? "" : node.asText().trim();
  }
}
