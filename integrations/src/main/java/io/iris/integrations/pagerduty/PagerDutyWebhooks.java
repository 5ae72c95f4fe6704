package io.iris.integrations.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.integrations.spi.CallbackRejection;
import io.iris.integrations.spi.CallbackRequest;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * PagerDuty webhooks v3: the raw body is authenticated first ({@code X-PagerDuty-Signature} against
 * {@code iris.pagerduty.webhook-secret}), then read into the {@link Event} IRIS acts on.
 */
@Component
public class PagerDutyWebhooks {

  public static final String SOURCE = "pagerduty";
  static final String REFUSED = "PagerDuty webhook";

  /**
   * What one delivery says, as far as IRIS cares.
   *
   * @param id the event's id, or ""
   * @param type e.g. {@code incident.acknowledged}
   * @param agent who acted, or "pagerduty"
   * @param incidentKey the PagerDuty incident's {@code incident_key} (the dedup key IRIS triggered
   *     it with), or "" when IRIS did not trigger it
   */
  public record Event(String id, String type, String agent, String incidentKey) {}

  private final PagerDutySettings settings;
  private final ObjectMapper mapper;

  public PagerDutyWebhooks(PagerDutySettings settings, ObjectProvider<ObjectMapper> mapper) {
    this.settings = settings;
    this.mapper = mapper.getIfAvailable(ObjectMapper::new);
  }

  /**
   * The event of an authenticated delivery.
   *
   * @throws CallbackRejection when no secret is configured, no signature matches, or the body is
   *     not a webhook v3 event
   */
  public Event receive(CallbackRequest request) {
    String secret = settings.webhookSecret();
    if (secret.isEmpty()) {
      throw CallbackRejection.notConfigured(REFUSED, PagerDutySettings.PREFIX + "webhook-secret");
    }
    String signature = request.signatureHeader(REFUSED, PagerDutySignature.HEADER);
    byte[] raw = request.body();
    if (!PagerDutySignature.matches(secret, raw, signature)) {
      throw CallbackRejection.invalidSignature(
          REFUSED,
          "No v1 signature in " + PagerDutySignature.HEADER + " matches the request body.");
    }
    return parse(raw);
  }

  Event parse(byte[] raw) {
    JsonNode root;
    try {
      root = mapper.readTree(raw);
    } catch (IOException e) {
      throw CallbackRejection.malformed(
          "The request body is not JSON; a PagerDuty webhook v3 event is expected.");
    }
    if (root == null || !root.isObject()) {
      throw CallbackRejection.malformed(
          "The request body is not a JSON object; a PagerDuty webhook v3 event is expected.");
    }
    JsonNode event = root.path("event");
    if (!event.isObject()) {
      throw CallbackRejection.invalidField(
          "event", event.isMissingNode() || event.isNull() ? "is required" : "must be an object");
    }
    JsonNode type = event.path("event_type");
    if (!type.isTextual() || type.asText().isBlank()) {
      throw CallbackRejection.invalidField(
          "event.event_type",
          type.isMissingNode() || type.isNull() ? "is required" : "must be a non-empty string");
    }
    String agent = text(event.path("agent"), "summary");
    return new Event(
        text(event, "id"),
        type.asText().strip(),
        agent.isEmpty() ? SOURCE : agent,
        text(event.path("data"), "incident_key"));
  }

  /** A text field, stripped; "" when absent or not text. */
  private static String text(JsonNode parent, String name) {
    JsonNode node = parent.path(name);
    return node.isTextual() ? node.asText().strip() : "";
  }
}
