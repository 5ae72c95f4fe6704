package io.iris.integrations.telnyx;

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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Telnyx messaging webhooks: JSON events signed with Ed25519 over {@code timestamp|body}, under the
 * public key shown in the Telnyx portal ({@code iris.providers.telnyx.webhook-public-key}). {@code
 * message.sent} and {@code message.finalized} become receipts; other events (inbound messages, for
 * instance) are acknowledged and ignored.
 */
@Component
public class TelnyxCallbacks implements ReceiptCallbacks {

  /** Where webhooks are posted: the adapter gives it with every message. */
  public static final String PATH = "/webhooks/telnyx";

  static final String SOURCE = "Telnyx callback";
  static final String KEY_SETTING = "iris.providers.telnyx.webhook-public-key";
  public static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
  public static final String TIMESTAMP_HEADER = "telnyx-timestamp";

  private static final Logger log = LoggerFactory.getLogger(TelnyxCallbacks.class);

  private final Optional<PublicKey> key;
  private final ReceiptSettings receipts;
  private final ObjectMapper json;
  private final Clock clock;

  /**
   * @throws IllegalStateException when the key is set but is not an Ed25519 key: the start-up
   *     stops, naming the setting
   */
  public TelnyxCallbacks(
      TelnyxSettings settings,
      ReceiptSettings receipts,
      ObjectProvider<ObjectMapper> json,
      Clock clock) {
    this.key =
        PublicKeys.read(KEY_SETTING, settings.webhookPublicKey(), PublicKeys::ed25519FromRaw);
    this.receipts = receipts;
    this.json = json.getIfAvailable(ObjectMapper::new);
    this.clock = clock;
  }

  @Override
  public String provider() {
    return TelnyxAdapter.NAME;
  }

  @Override
  public String path() {
    return TelnyxAdapter.CALLBACK_PATH;
  }

  @Override
  public List<ReceivedReceipt> receive(CallbackRequest request) {
    PublicKey publicKey =
        key.orElseThrow(() -> CallbackRejection.notConfigured(SOURCE, KEY_SETTING));
    byte[] raw = request.body();
    SignedPayload.verify(
        SOURCE,
        "Ed25519",
        publicKey,
        request.signatureHeader(SOURCE, TIMESTAMP_HEADER),
        "|",
        raw,
        request.signatureHeader(SOURCE, SIGNATURE_HEADER),
        clock,
        receipts.signatureTolerance());

    JsonNode data =
        CallbackFields.object(CallbackFields.parse(json, raw, "a Telnyx event"), "data", "data");
    String eventType = CallbackFields.text(data, "event_type", "data.event_type");
    String eventId = CallbackFields.text(data, "id", "data.id");
    JsonNode payload = CallbackFields.object(data, "payload", "data.payload");
    Optional<ReceiptStatus> status =
        switch (eventType) {
          case "message.sent" -> Optional.of(ReceiptStatus.SENT);
          case "message.finalized" -> recipientStatus(payload);
          default -> Optional.empty();
        };
    if (status.isEmpty()) {
      log.debug("Telnyx event '{}' ignored: eventId={}", eventType, eventId);
      return List.of();
    }
    String providerMessageId = CallbackFields.text(payload, "id", "data.payload.id");
    JsonNode error = payload.path("errors").path(0);
    String errorCode = CallbackFields.optionalText(error, "code");
    String title = CallbackFields.optionalText(error, "title");
    String more = CallbackFields.optionalText(error, "detail");
    String detail = title.isEmpty() || more.isEmpty() ? title + more : title + ": " + more;
    return List.of(
        new ReceivedReceipt(
            CallbackFields.messageId(request),
            new DeliveryReceipt(
                TelnyxAdapter.NAME, providerMessageId, status.get(), errorCode, detail, eventId)));
  }

  /** The outcome of a finalized message, from its (first) recipient's status. */
  private static Optional<ReceiptStatus> recipientStatus(JsonNode payload) {
    JsonNode to = payload.path("to");
    if (!to.isArray() || to.isEmpty() || !to.get(0).isObject()) {
      throw CallbackRejection.invalidField("data.payload.to", "must list the recipient");
    }
    String status = CallbackFields.text(to.get(0), "status", "data.payload.to[0].status");
    if (!TelnyxStatuses.known(status)) {
      throw CallbackRejection.invalidField(
          "data.payload.to[0].status", "has an unknown value '" + status + "'");
    }
    return TelnyxStatuses.receiptStatus(status);
  }
}
