package io.iris.integrations.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The clicks of one interactivity request: on incident buttons ({@link IncidentMessage}) and on
 * remediation approval buttons ({@link RemediationMessage}). Other buttons and payload types are
 * not clicks of ours.
 */
public record SlackClicks(List<IncidentClick> incidents, List<RemediationClick> remediations) {

  public SlackClicks {
    incidents = List.copyOf(incidents);
    remediations = List.copyOf(remediations);
  }

  public boolean isEmpty() {
    return incidents.isEmpty() && remediations.isEmpty();
  }

  /**
   * @throws io.iris.integrations.spi.CallbackRejection as {@link IncidentClick#read} does
   */
  static SlackClicks read(ObjectMapper json, byte[] rawBody) {
    List<IncidentClick> incidents = IncidentClick.read(json, rawBody);
    return new SlackClicks(incidents, RemediationClick.read(IncidentClick.payload(json, rawBody)));
  }
}
