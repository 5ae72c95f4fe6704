package io.iris.integrations.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.integrations.spi.CallbackRejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One click on a remediation approval button ({@link RemediationMessage}), read from an
 * interactivity payload.
 *
 * @param remediationId the button's value
 * @param userId the clicking user's Slack id (approvers are listed by it)
 * @param actor the user's id, with their username when the payload has one
 * @param channel where the clicked message is, for a reply ("" when the payload lacks it)
 * @param messageTs the clicked message, for a reply in its thread ("" when the payload lacks it)
 */
public record RemediationClick(
    Kind kind,
    String remediationId,
    String userId,
    String actor,
    String channel,
    String messageTs) {

  public enum Kind {
    APPROVE,
    REJECT;

    static Optional<Kind> of(String actionId) {
      return switch (actionId) {
        case RemediationMessage.APPROVE -> Optional.of(APPROVE);
        case RemediationMessage.REJECT -> Optional.of(REJECT);
        default -> Optional.empty();
      };
    }
  }

  /**
   * The remediation clicks of a {@code block_actions} payload (checked by {@link IncidentClick}).
   */
  static List<RemediationClick> read(JsonNode payload) {
    if (!IncidentClick.BLOCK_ACTIONS.equals(IncidentClick.text(payload.path("type")))) {
      return List.of();
    }
    JsonNode user = payload.path("user");
    String userId = IncidentClick.text(user.path("id"));
    String username = IncidentClick.text(user.path("username"));
    if (username.isEmpty()) {
      username = IncidentClick.text(user.path("name"));
    }
    String actor = username.isEmpty() ? userId : userId + " (" + username + ")";
    String channel = IncidentClick.text(payload.path("channel").path("id"));
    if (channel.isEmpty()) {
      channel = IncidentClick.text(payload.path("container").path("channel_id"));
    }
    String ts = IncidentClick.text(payload.path("container").path("message_ts"));
    if (ts.isEmpty()) {
      ts = IncidentClick.text(payload.path("message").path("ts"));
    }
    JsonNode actions = payload.path("actions");
    List<RemediationClick> clicks = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      Optional<Kind> kind = Kind.of(IncidentClick.text(actions.get(i).path("action_id")));
      if (kind.isEmpty()) {
        continue;
      }
      String id = IncidentClick.text(actions.get(i).path("value"));
      if (id.isEmpty()) {
        throw CallbackRejection.invalidField("payload.actions[" + i + "].value", "is required");
      }
      clicks.add(new RemediationClick(kind.get(), id, userId, actor, channel, ts));
    }
    return clicks;
  }
}
