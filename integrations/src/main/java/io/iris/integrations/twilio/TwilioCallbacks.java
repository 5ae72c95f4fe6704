package io.iris.integrations.twilio;

import io.iris.integrations.spi.CallbackFields;
import io.iris.integrations.spi.CallbackRejection;
import io.iris.integrations.spi.CallbackRequest;
import io.iris.integrations.spi.ReceiptCallbacks;
import io.iris.integrations.spi.ReceivedReceipt;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Twilio's message status callback ({@code StatusCallback}): a form post per status change, signed
 * in {@code X-Twilio-Signature} with the account's auth token over the URL and the form fields.
 * Statuses that say nothing new are acknowledged and ignored; the rest become receipts.
 */
@Component
public class TwilioCallbacks implements ReceiptCallbacks {

  /** Where status callbacks are posted: the adapter gives it with every message. */
  public static final String PATH = "/webhooks/twilio/status";

  static final String SOURCE = "Twilio callback";
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";
  public static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

  private static final Logger log = LoggerFactory.getLogger(TwilioCallbacks.class);

  private final TwilioSettings settings;

  public TwilioCallbacks(TwilioSettings settings) {
    this.settings = settings;
  }

  @Override
  public String provider() {
    return TwilioAdapter.NAME;
  }

  @Override
  public String path() {
    return TwilioAdapter.CALLBACK_PATH;
  }

  @Override
  public List<ReceivedReceipt> receive(CallbackRequest request) {
    // First, before anything is read: the signature covers the URL and the exact fields sent.
    String authToken = settings.authToken();
    if (authToken.isEmpty()) {
      throw CallbackRejection.notConfigured(SOURCE, "iris.providers.twilio.auth-token");
    }
    String signature = request.signatureHeader(SOURCE, SIGNATURE_HEADER);
    Map<String, List<String>> fields;
    try {
      fields = CallbackFields.formFields(new String(request.body(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // Twilio signs the decoded fields: a body that does not decode cannot carry its signature.
      throw CallbackRejection.invalidSignature(
          SOURCE, "The request body is not a form Twilio could have signed.");
    }
    if (!TwilioSignature.matches(authToken, request.urlSpellings(), fields, signature)) {
      throw CallbackRejection.invalidSignature(
          SOURCE, "The " + SIGNATURE_HEADER + " does not match the request.");
    }

    UUID messageId = CallbackFields.messageId(request);
    String sid = CallbackFields.required(fields, "MessageSid");
    String twilioStatus = CallbackFields.required(fields, "MessageStatus");
    if (!TwilioStatuses.known(twilioStatus)) {
      throw CallbackRejection.invalidField(
          "MessageStatus", "has an unknown value '" + twilioStatus + "'");
    }
    Optional<ReceiptStatus> status = TwilioStatuses.receiptStatus(twilioStatus);
    if (status.isEmpty()) {
      log.debug("Twilio status '{}' ignored: messageId={} sid={}", twilioStatus, messageId, sid);
      return List.of();
    }
    String errorCode = CallbackFields.first(fields, "ErrorCode").orElse("");
    String detail =
        "Twilio status " + twilioStatus + (errorCode.isEmpty() ? "" : ", error " + errorCode);
    // Twilio marks each callback (and its retries) with an idempotency token; without one, a
    // message reaches each status once, so the pair identifies the event.
    String eventId = request.header(IDEMPOTENCY_HEADER).orElse(sid + ":" + twilioStatus);
    return List.of(
        new ReceivedReceipt(
            messageId,
            new DeliveryReceipt(
                TwilioAdapter.NAME, sid, status.get(), errorCode, detail, eventId)));
  }
}
