package io.iris.integrations.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.integrations.spi.CallbackRejection;
import io.iris.integrations.spi.CallbackRequest;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Slack's interactivity requests (the incident message's buttons): a form with one field, {@code
 * payload} (JSON), signed with the app's signing secret ({@code
 * iris.incidents.slack.signing-secret}). Authenticated first, then read into the incident clicks it
 * holds.
 */
@Component
public class SlackInteractions {

  public static final String SIGNATURE_HEADER = "X-Slack-Signature";
  public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

  static final String SOURCE = "Slack interaction";
  private static final String SECRET_SETTING = SlackIncidentSettings.PREFIX + "signing-secret";

  private final SlackIncidentSettings settings;
  private final ObjectMapper json;
  private final Clock clock;

  public SlackInteractions(
      SlackIncidentSettings settings, ObjectProvider<ObjectMapper> json, Clock clock) {
    this.settings = settings;
    this.json = json.getIfAvailable(ObjectMapper::new);
    this.clock = clock;
  }

  /**
   * The incident clicks of an authenticated request: none for other payload types and buttons.
   *
   * @throws CallbackRejection when no secret is configured, the signature does not hold, or the
   *     payload lacks what a {@code block_actions} payload must have
   */
  public List<IncidentClick> receive(CallbackRequest request) {
    return receiveClicks(request).incidents();
  }

  /**
   * The incident and remediation clicks of an authenticated request.
   *
   * @throws CallbackRejection as {@link #receive}
   */
  public SlackClicks receiveClicks(CallbackRequest request) {
    String secret = settings.signingSecret();
    if (secret.isEmpty()) {
      throw CallbackRejection.notConfigured(SOURCE, SECRET_SETTING);
    }
    byte[] raw = request.body();
    try {
      SlackSignature.verify(
          secret,
          request.header(TIMESTAMP_HEADER).orElse(null),
          request.header(SIGNATURE_HEADER).orElse(null),
          raw,
          clock.instant(),
          settings.signatureTolerance());
    } catch (SlackSignature.Invalid e) {
      throw CallbackRejection.invalidSignature(SOURCE, e.getMessage());
    }
    return SlackClicks.read(json, raw);
  }
}
