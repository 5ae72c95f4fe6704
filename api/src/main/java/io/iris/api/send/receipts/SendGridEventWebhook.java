package io.iris.api.send.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.api.problem.ApiProblem;
import io.iris.api.webhook.WebhookProblems;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SendGrid's signed Event Webhook: a JSON array of events, signed with ECDSA (P-256, SHA-256) over
 * {@code timestamp + body}. Events for our messages carry the {@code iris_message_id} custom
 * argument; events without it are someone else's mail and are skipped. The whole batch is checked
 * before any of it is passed on, so a malformed batch is refused as a unit.
 */
@RestController
class SendGridEventWebhook {

  private static final Logger log = LoggerFactory.getLogger(SendGridEventWebhook.class);
  static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  private record Pending(UUID messageId, DeliveryReceipt receipt) {}

  private final ReceiptForwarder forwarder;
  private final WebhookVerificationKeys keys;
  private final ReceiptSettings settings;
  private final ObjectMapper mapper;
  private final Clock clock;

  SendGridEventWebhook(
      ReceiptForwarder forwarder,
      WebhookVerificationKeys keys,
      ReceiptSettings settings,
      ObjectMapper mapper,
      Clock clock) {
    this.forwarder = forwarder;
    this.keys = keys;
    this.settings = settings;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Operation(
      summary = "SendGrid event webhook",
      description =
          "SendGrid's signed event webhook: a JSON array of events;"
              + " X-Twilio-Email-Event-Webhook-Signature is the Base64 ECDSA (P-256, SHA-256)"
              + " signature of '<timestamp><body>' under the public key configured as"
              + " iris.providers.sendgrid.webhook-public-key. delivered, bounce, dropped and spam"
              + " report events with an iris_message_id become receipts; others are ignored.",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Twilio-Email-Event-Webhook-Signature",
            required = true,
            description = "Base64 ECDSA signature of timestamp + body",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Twilio-Email-Event-Webhook-Timestamp",
            required = true,
            description = "Unix seconds when SendGrid signed",
            schema = @Schema(type = "string"))
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/json",
                      array =
                          @ArraySchema(
                              schema =
                                  @Schema(
                                      type = "object",
                                      requiredProperties = {"event", "sg_event_id"},
                                      additionalProperties =
                                          Schema.AdditionalPropertiesValue.TRUE)))))
  @ApiResponse(responseCode = "204", description = "Received")
  @PostMapping("/webhooks/sendgrid")
  ResponseEntity<Void> events(HttpServletRequest request) throws IOException {
    byte[] raw = WebhookRequests.body(request, settings.maxBodySize().toBytes());
    PublicKey key =
        keys.sendgrid()
            .orElseThrow(
                () ->
                    WebhookProblems.notConfigured(
                        "SendGrid callback", "iris.providers.sendgrid.webhook-public-key"));
    SignedPayload.verify(
        "SendGrid",
        "SHA256withECDSA",
        key,
        WebhookRequests.signatureHeader(request, "SendGrid", TIMESTAMP_HEADER),
        "",
        raw,
        WebhookRequests.signatureHeader(request, "SendGrid", SIGNATURE_HEADER),
        clock,
        settings.signatureTolerance());

    JsonNode events = JsonFields.parse(mapper, raw, "a JSON array of events");
    if (!events.isArray()) {
      throw WebhookProblems.malformed("The request body must be a JSON array of events.");
    }
    List<Pending> receipts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      String at = "[" + i + "]";
      if (!event.isObject()) {
        throw ApiProblem.invalidField(at, "must be an object");
      }
      String name = JsonFields.text(event, "event", at + ".event");
      String eventId = JsonFields.text(event, "sg_event_id", at + ".sg_event_id");
      Optional<ReceiptStatus> status = translate(name, JsonFields.optionalText(event, "type"));
      JsonNode irisId = event.path("iris_message_id");
      if (status.isEmpty() || irisId.isMissingNode() || irisId.isNull()) {
        log.debug("SendGrid event '{}' ignored: sg_event_id={}", name, eventId);
        continue;
      }
      UUID messageId;
      try {
        messageId = UUID.fromString(irisId.asText());
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalidField(at + ".iris_message_id", "must be a UUID");
      }
      receipts.add(
          new Pending(
              messageId,
              new DeliveryReceipt(
                  "sendgrid",
                  xMessageId(JsonFields.optionalText(event, "sg_message_id")),
                  status.get(),
                  JsonFields.optionalText(event, "status"),
                  JsonFields.optionalText(event, "reason"),
                  eventId)));
    }
    receipts.forEach(p -> forwarder.forward(p.messageId(), p.receipt()));
    return ResponseEntity.noContent().build();
  }

  /** The event in our terms; empty for engagement and in-flight events (processed, deferred, …). */
  static Optional<ReceiptStatus> translate(String event, String type) {
    return switch (event) {
      case "delivered" -> Optional.of(ReceiptStatus.DELIVERED);
      // "blocked" is the receiving server refusing this message, not the address being invalid.
      case "bounce" ->
          Optional.of("blocked".equals(type) ? ReceiptStatus.UNDELIVERED : ReceiptStatus.BOUNCED);
      case "dropped" -> Optional.of(ReceiptStatus.FAILED);
      case "spamreport" -> Optional.of(ReceiptStatus.COMPLAINED);
      default -> Optional.empty();
    };
  }

  /**
   * The {@code X-Message-Id} SendGrid answered the send with: {@code sg_message_id} is that id
   * followed by a dot and the id of the delivery filter.
   */
  static String xMessageId(String sgMessageId) {
    int dot = sgMessageId.indexOf('.');
    return dot < 0 ? sgMessageId : sgMessageId.substring(0, dot);
  }
}
