package io.iris.api.send.receipts;

import io.iris.api.webhook.WebhookProblems;
import io.iris.integrations.sendgrid.SendGridCallbacks;
import io.iris.integrations.spi.ReceiptCallbacks;
import io.iris.integrations.spi.ReceiptSettings;
import io.iris.integrations.spi.ReceivedReceipt;
import io.iris.integrations.telnyx.TelnyxCallbacks;
import io.iris.integrations.twilio.TwilioCallbacks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The doors of the providers' delivery-receipt callbacks: one route per provider, each reading the
 * raw request and handing it to the provider's package in the integrations module, which
 * authenticates it first (signature) and then reads it. Refusals are answered in one place ({@link
 * WebhookProblems}); verified receipts go to their sends through the {@link ReceiptForwarder}.
 * These routes are outside {@code /v1}: the signature, not an API key, authenticates the caller.
 */
@RestController
class ReceiptCallbackDoors {

  private static final String EMPTY_TWIML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  private final ReceiptForwarder forwarder;
  private final ReceiptSettings settings;
  private final TwilioCallbacks twilio;
  private final TelnyxCallbacks telnyx;
  private final SendGridCallbacks sendgrid;

  ReceiptCallbackDoors(
      ReceiptForwarder forwarder,
      ReceiptSettings settings,
      TwilioCallbacks twilio,
      TelnyxCallbacks telnyx,
      SendGridCallbacks sendgrid) {
    this.forwarder = forwarder;
    this.settings = settings;
    this.twilio = twilio;
    this.telnyx = telnyx;
    this.sendgrid = sendgrid;
  }

  @Operation(
      summary = "Twilio message status callback",
      description =
          "Twilio's StatusCallback: one form post per status change, signed in X-Twilio-Signature"
              + " (Base64 HMAC-SHA1 of the callback URL followed by each form field's name and value"
              + " in name order, keyed with the account's auth token). Statuses before 'sent' are"
              + " acknowledged and ignored; the rest become the message's delivery receipts.",
      parameters = {
        @Parameter(
            in = ParameterIn.QUERY,
            name = "messageId",
            required = true,
            description = "The IRIS message, in the callback URL given to Twilio with the message",
            schema = @Schema(type = "string", format = "uuid")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Twilio-Signature",
            required = true,
            description = "Twilio's request signature",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "I-Twilio-Idempotency-Token",
            required = false,
            description = "The same for a callback and its retries",
            schema = @Schema(type = "string"))
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/x-www-form-urlencoded",
                      schema =
                          @Schema(
                              type = "object",
                              requiredProperties = {"MessageSid", "MessageStatus"},
                              additionalProperties = Schema.AdditionalPropertiesValue.TRUE),
                      schemaProperties = {
                        @SchemaProperty(name = "MessageSid", schema = @Schema(type = "string")),
                        @SchemaProperty(name = "MessageStatus", schema = @Schema(type = "string")),
                        @SchemaProperty(name = "ErrorCode", schema = @Schema(type = "string"))
                      })))
  @ApiResponse(
      responseCode = "200",
      description = "Acknowledged, with an empty TwiML document",
      content = @Content(mediaType = "text/xml", schema = @Schema(type = "string")))
  @PostMapping(TwilioCallbacks.PATH)
  ResponseEntity<String> twilio(HttpServletRequest request) throws IOException {
    receive(twilio, request);
    return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
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
  @PostMapping(TelnyxCallbacks.PATH)
  ResponseEntity<Void> telnyx(HttpServletRequest request) throws IOException {
    receive(telnyx, request);
    return ResponseEntity.noContent().build();
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
  @PostMapping(SendGridCallbacks.PATH)
  ResponseEntity<Void> sendgrid(HttpServletRequest request) throws IOException {
    receive(sendgrid, request);
    return ResponseEntity.noContent().build();
  }

  /** Reads the raw request, has the provider authenticate and read it, passes the receipts on. */
  private void receive(ReceiptCallbacks callbacks, HttpServletRequest request) throws IOException {
    byte[] raw = WebhookRequests.body(request, settings.maxBodySize().toBytes());
    List<ReceivedReceipt> receipts =
        WebhookProblems.admit(() -> callbacks.receive(WebhookRequests.callback(request, raw)));
    receipts.forEach(r -> forwarder.forward(r.messageId(), r.receipt()));
  }
}
