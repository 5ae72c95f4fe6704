package io.iris.api.send.receipts;

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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's message status callback ({@code StatusCallback}): a signed form post per status change.
 * Statuses before "sent" are acknowledged and ignored; the rest become receipts.
 */
@RestController
class TwilioStatusWebhook {

  private static final Logger log = LoggerFactory.getLogger(TwilioStatusWebhook.class);
  private static final String EMPTY_TWIML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  private final ReceiptForwarder forwarder;
  private final ReceiptCredentials credentials;
  private final ReceiptSettings settings;

  TwilioStatusWebhook(
      ReceiptForwarder forwarder, ReceiptCredentials credentials, ReceiptSettings settings) {
    this.forwarder = forwarder;
    this.credentials = credentials;
    this.settings = settings;
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
  @PostMapping("/webhooks/twilio/status")
  ResponseEntity<String> status(HttpServletRequest request) throws IOException {
    // First, before anything can parse the form: the signature covers the exact fields sent.
    byte[] raw = WebhookRequests.body(request, settings.maxBodySize().toBytes());
    String authToken = credentials.twilio().authToken();
    if (authToken == null || authToken.isBlank()) {
      throw WebhookProblems.notConfigured("Twilio callback", "iris.providers.twilio.auth-token");
    }
    String signature = WebhookRequests.signatureHeader(request, "Twilio", "X-Twilio-Signature");
    Map<String, List<String>> fields;
    try {
      fields = WebhookRequests.formFields(new String(raw, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw WebhookProblems.malformed("The request body is not a valid form-encoded body.");
    }
    if (!TwilioSignature.matches(
        authToken, PublicUrl.spellings(PublicUrl.of(request)), fields, signature)) {
      throw WebhookProblems.invalidSignature(
          "Twilio callback", "The X-Twilio-Signature does not match the request.");
    }

    UUID messageId = WebhookRequests.messageId(request);
    String sid = required(fields, "MessageSid");
    String twilioStatus = required(fields, "MessageStatus");
    Optional<ReceiptStatus> status = translate(twilioStatus);
    if (status.isEmpty()) {
      log.debug("Twilio status '{}' ignored: messageId={} sid={}", twilioStatus, messageId, sid);
      return twiml();
    }
    String errorCode = WebhookRequests.first(fields, "ErrorCode").orElse("");
    String detail =
        "Twilio status " + twilioStatus + (errorCode.isEmpty() ? "" : ", error " + errorCode);
    // Twilio marks each callback (and its retries) with an idempotency token; without one, a
    // message reaches each status once, so the pair identifies the event.
    String eventId =
        Optional.ofNullable(request.getHeader("I-Twilio-Idempotency-Token"))
            .filter(t -> !t.isBlank())
            .orElse(sid + ":" + twilioStatus);
    forwarder.forward(
        messageId, new DeliveryReceipt("twilio", sid, status.get(), errorCode, detail, eventId));
    return twiml();
  }

  /** Twilio's status in our terms; empty for the statuses that say nothing new. */
  static Optional<ReceiptStatus> translate(String twilioStatus) {
    return switch (twilioStatus.toLowerCase(Locale.ROOT)) {
      case "sent" -> Optional.of(ReceiptStatus.SENT);
      case "delivered" -> Optional.of(ReceiptStatus.DELIVERED);
      case "undelivered" -> Optional.of(ReceiptStatus.UNDELIVERED);
      case "failed", "canceled" -> Optional.of(ReceiptStatus.FAILED);
      // Earlier steps, inbound statuses, and "read" (which follows "delivered").
      case "accepted", "scheduled", "queued", "sending", "read", "receiving", "received" ->
          Optional.empty();
      default ->
          throw ApiProblem.invalidField(
              "MessageStatus", "has an unknown value '" + twilioStatus + "'");
    };
  }

  private static String required(Map<String, List<String>> fields, String name) {
    return WebhookRequests.first(fields, name)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> ApiProblem.invalidField(name, "is required"));
  }

  private static ResponseEntity<String> twiml() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
  }
}
