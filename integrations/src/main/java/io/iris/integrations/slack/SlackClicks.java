package io.iris.integrations.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The clicks of one interactivity request: on incident buttons ({@link IncidentMessage}), on
 * remediation approval buttons ({@link RemediationMessage}) and on cost opportunity review buttons
 * ({@link CostReviewMessage}). Other buttons and payload types are not clicks of ours.
 */
public record SlackClicks(
    List<IncidentClick> incidents, List<RemediationClick> remediations, List<CostClick> costs) {

  public SlackClicks {
    incidents = List.copyOf(incidents);
    remediations = List.copyOf(remediations);
    costs = List.copyOf(costs);
  }

  public boolean isEmpty() {
    return incidents.isEmpty() && remediations.isEmpty() && costs.isEmpty();
  }

  /**
   * @throws io.iris.integrations.spi.CallbackRejection as {@link IncidentClick#read} does
   */
  static SlackClicks read(ObjectMapper json, byte[] rawBody) {
    List<IncidentClick> incidents = IncidentClick.read(json, rawBody);
    JsonNode payload = IncidentClick.payload(json, rawBody);
    return new SlackClicks(incidents, RemediationClick.read(payload), CostClick.read(payload));
  }
}
