package io.iris.integrations.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.integrations.spi.CallbackFields;
import io.iris.integrations.spi.CallbackRejection;
import io.iris.integrations.spi.CallbackRequest;
import io.iris.integrations.spi.PublicKeys;
import io.iris.integrations.spi.ReceiptCallbacks;
import io.iris.integrations.spi.ReceiptSettings;
import io.iris.integrations.spi.ReceivedReceipt;
import io.iris.integrations.spi.SignedPayload;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * SendGrid's signed Event Webhook: a JSON array of events, signed with ECDSA (P-256, SHA-256) over
 * {@code timestamp + body} under {@code iris.providers.sendgrid.webhook-public-key}. Events for our
 * messages carry the {@code iris_message_id} custom argument; events without it are someone else's
 * mail and are skipped. The whole batch is read before any of it is passed on, so a malformed batch
 * is refused as a unit.
 */
@Component
public class SendGridCallbacks implements ReceiptCallbacks {

  /** Where the Event Webhook posts; configured in SendGrid's settings, not per message. */
  public static final String PATH = "/webhooks/sendgrid";

  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  static final String SOURCE = "SendGrid callback";
  static final String KEY_SETTING = "iris.providers.sendgrid.webhook-public-key";

  private static final Logger log = LoggerFactory.getLogger(SendGridCallbacks.class);

  private final Optional<PublicKey> key;
  private final ReceiptSettings receipts;
  private final ObjectMapper json;
  private final Clock clock;

  /**
   * @throws IllegalStateException when the key is set but is not an X.509 EC key: the start-up
   *     stops, naming the setting
   */
  public SendGridCallbacks(
      SendGridSettings settings,
      ReceiptSettings receipts,
      ObjectProvider<ObjectMapper> json,
      Clock clock) {
    this.key = PublicKeys.read(KEY_SETTING, settings.webhookPublicKey(), PublicKeys::ecFromX509);
    this.receipts = receipts;
    this.json = json.getIfAvailable(ObjectMapper::new);
    this.clock = clock;
  }

  @Override
  public String provider() {
    return SendGridAdapter.NAME;
  }

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public List<ReceivedReceipt> receive(CallbackRequest request) {
    PublicKey publicKey =
        key.orElseThrow(() -> CallbackRejection.notConfigured(SOURCE, KEY_SETTING));
    byte[] raw = request.body();
    SignedPayload.verify(
        SOURCE,
        "SHA256withECDSA",
        publicKey,
        request.signatureHeader(SOURCE, TIMESTAMP_HEADER),
        "",
        raw,
        request.signatureHeader(SOURCE, SIGNATURE_HEADER),
        clock,
        receipts.signatureTolerance());

    JsonNode events = CallbackFields.parse(json, raw, "a JSON array of events");
    if (!events.isArray()) {
      throw CallbackRejection.malformed("The request body must be a JSON array of events.");
    }
    List<ReceivedReceipt> receipts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      String at = "[" + i + "]";
      if (!event.isObject()) {
        throw CallbackRejection.invalidField(at, "must be an object");
      }
      String name = CallbackFields.text(event, "event", at + ".event");
      String eventId = CallbackFields.text(event, "sg_event_id", at + ".sg_event_id");
      Optional<ReceiptStatus> status =
          SendGridStatuses.receiptStatus(name, CallbackFields.optionalText(event, "type"));
      JsonNode irisId = event.path("iris_message_id");
      if (status.isEmpty() || irisId.isMissingNode() || irisId.isNull()) {
        log.debug("SendGrid event '{}' ignored: sg_event_id={}", name, eventId);
        continue;
      }
      UUID messageId;
      try {
        messageId = UUID.fromString(irisId.asText());
      } catch (IllegalArgumentException e) {
        throw CallbackRejection.invalidField(at + ".iris_message_id", "must be a UUID");
      }
      receipts.add(
          new ReceivedReceipt(
              messageId,
              new DeliveryReceipt(
                  SendGridAdapter.NAME,
                  xMessageId(CallbackFields.optionalText(event, "sg_message_id")),
                  status.get(),
                  CallbackFields.optionalText(event, "status"),
                  CallbackFields.optionalText(event, "reason"),
                  eventId)));
    }
    return receipts;
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
