package io.iris.integrations.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.integrations.spi.CallbackRejection;
import java.util.ArrayList;
import java.util.List;

/**
 * One click on a cost opportunity's Approve or Dismiss button ({@link CostReviewMessage}), read
 * from an interactivity payload.
 *
 * @param approve Approve (true) or Dismiss
 * @param opportunityId the button's value
 * @param userId the clicking user's Slack id (approvers are listed by it)
 * @param actor the user's id, with their username when the payload has one
 */
public record CostClick(boolean approve, String opportunityId, String userId, String actor) {

  /** The cost clicks of a {@code block_actions} payload (checked by {@link IncidentClick}). */
  static List<CostClick> read(JsonNode payload) {
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
    JsonNode actions = payload.path("actions");
    List<CostClick> clicks = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      String actionId = IncidentClick.text(actions.get(i).path("action_id"));
      boolean approve = CostReviewMessage.APPROVE.equals(actionId);
      if (!approve && !CostReviewMessage.DISMISS.equals(actionId)) {
        continue;
      }
      String id = IncidentClick.text(actions.get(i).path("value"));
      if (id.isEmpty()) {
        throw CallbackRejection.invalidField("payload.actions[" + i + "].value", "is required");
      }
      clicks.add(new CostClick(approve, id, userId, actor));
    }
    return clicks;
  }
}
