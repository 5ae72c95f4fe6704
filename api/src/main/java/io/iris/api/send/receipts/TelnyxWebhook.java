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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Telnyx messaging webhooks: JSON events signed with Ed25519 over {@code timestamp|body}. {@code
 * message.sent} and {@code message.finalized} become receipts; other events (inbound messages, for
 * instance) are acknowledged and ignored.
 */
@RestController
class TelnyxWebhook {

  private static final Logger log = LoggerFactory.getLogger(TelnyxWebhook.class);

  private final ReceiptForwarder forwarder;
  private final WebhookVerificationKeys keys;
  private final ReceiptSettings settings;
  private final ObjectMapper mapper;
  private final Clock clock;

  TelnyxWebhook(
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
      summary = "Telnyx messaging webhook",
      description =
          "Telnyx events, signed with Ed25519: telnyx-signature-ed25519 is the Base64 signature of"
              + " '<telnyx-timestamp>|<body>' under the account's public key"
              + " (iris.providers.telnyx.webhook-public-key), and the timestamp must be recent."
              + " message.sent and message.finalized become delivery receipts; other events are"
              + " acknowledged and ignored.",
      parameters = {
        @Parameter(
            in = ParameterIn.QUERY,
            name = "messageId",
            required = false,
            description =
                "The IRIS message, in the webhook URL given with the message; required for message.sent and message.finalized",
            schema = @Schema(type = "string", format = "uuid")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "telnyx-signature-ed25519",
            required = true,
            description = "Base64 Ed25519 signature of timestamp|body",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "telnyx-timestamp",
            required = true,
            description = "Unix seconds when Telnyx signed",
            schema = @Schema(type = "string"))
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/json",
                      schema =
                          @Schema(
                              type = "object",
                              requiredProperties = {"data"},
                              additionalProperties = Schema.AdditionalPropertiesValue.TRUE),
                      schemaProperties = {
                        @SchemaProperty(
                            name = "data",
                            schema =
                                @Schema(
                                    type = "object",
                                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE))
                      })))
  @ApiResponse(responseCode = "204", description = "Received")
  @PostMapping("/webhooks/telnyx")
  ResponseEntity<Void> event(HttpServletRequest request) throws IOException {
    byte[] raw = WebhookRequests.body(request, settings.maxBodySize().toBytes());
    PublicKey key =
        keys.telnyx()
            .orElseThrow(
                () ->
                    WebhookProblems.notConfigured(
                        "Telnyx callback", "iris.providers.telnyx.webhook-public-key"));
    SignedPayload.verify(
        "Telnyx",
        "Ed25519",
        key,
        WebhookRequests.signatureHeader(request, "Telnyx", "telnyx-timestamp"),
        "|",
        raw,
        WebhookRequests.signatureHeader(request, "Telnyx", "telnyx-signature-ed25519"),
        clock,
        settings.signatureTolerance());

    JsonNode data =
        JsonFields.object(JsonFields.parse(mapper, raw, "a Telnyx event"), "data", "data");
    String eventType = JsonFields.text(data, "event_type", "data.event_type");
    String eventId = JsonFields.text(data, "id", "data.id");
    JsonNode payload = JsonFields.object(data, "payload", "data.payload");
    Optional<ReceiptStatus> status =
        switch (eventType) {
          case "message.sent" -> Optional.of(ReceiptStatus.SENT);
          case "message.finalized" -> Optional.of(finalStatus(payload));
          default -> Optional.empty();
        };
    if (status.isEmpty()) {
      log.debug("Telnyx event '{}' ignored: eventId={}", eventType, eventId);
      return ResponseEntity.noContent().build();
    }
    UUID messageId = WebhookRequests.messageId(request);
    String providerMessageId = JsonFields.text(payload, "id", "data.payload.id");
    JsonNode error = payload.path("errors").path(0);
    String errorCode = JsonFields.optionalText(error, "code");
    String title = JsonFields.optionalText(error, "title");
    String more = JsonFields.optionalText(error, "detail");
    String detail = title.isEmpty() || more.isEmpty() ? title + more : title + ": " + more;
    forwarder.forward(
        messageId,
        new DeliveryReceipt("telnyx", providerMessageId, status.get(), errorCode, detail, eventId));
    return ResponseEntity.noContent().build();
  }

  /** The outcome of a finalized message, from its (first) recipient's status. */
  private static ReceiptStatus finalStatus(JsonNode payload) {
    JsonNode to = payload.path("to");
    if (!to.isArray() || to.isEmpty() || !to.get(0).isObject()) {
      throw ApiProblem.invalidField("data.payload.to", "must list the recipient");
    }
    String status = JsonFields.text(to.get(0), "status", "data.payload.to[0].status");
    return switch (status) {
      case "delivered" -> ReceiptStatus.DELIVERED;
      case "delivery_failed", "delivery_unconfirmed" -> ReceiptStatus.UNDELIVERED;
      case "sending_failed" -> ReceiptStatus.FAILED;
      default ->
          throw ApiProblem.invalidField(
              "data.payload.to[0].status", "has an unknown final value '" + status + "'");
    };
  }
}
