package io.iris.activities.send.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.send.provider.ProviderException.Kind;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * SMS through Twilio's Messages resource ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}).
 * Receipts arrive as status callbacks on {@code /webhooks/twilio/status?messageId=…}.
 */
@Component
public class TwilioAdapter implements ProviderAdapter {

  static final String NAME = "twilio";
  static final String CALLBACK_PATH = "/webhooks/twilio/status";

  /** Invalid 'To', 'To' not reachable (e.g. a landline), recipient opted out (STOP). */
  private static final Set<String> INVALID_RECIPIENT_CODES = Set.of("21211", "21614", "21610");

  private static final Logger log = LoggerFactory.getLogger(TwilioAdapter.class);

  private final ProviderSettings.Twilio settings;
  private final ProviderHttp http;
  private final StatusCallbacks callbacks;

  public TwilioAdapter(ProviderSettings settings, ProviderHttp http, StatusCallbacks callbacks) {
    this.settings = settings.twilio();
    this.http = http;
    this.callbacks = callbacks;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String accountSid = ProviderHttp.required(NAME, "account-sid", settings.accountSid());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = Recipients.phoneNumber(NAME, message);

    FormBody form =
        new FormBody.Builder()
            .add("To", to)
            .add("From", from)
            .add("Body", ProviderHttp.orElse(message.body(), ""))
            .add("StatusCallback", callbacks.forMessage(NAME, CALLBACK_PATH, message.messageId()))
            .build();
    Request request =
        new Request.Builder()
            .url(messages(accountSid).addPathSegment("Messages.json").build())
            .header("Authorization", Credentials.basic(accountSid, authToken))
            .header("I-Twilio-Idempotency-Token", message.idempotencyKey())
            .header("Accept", "application/json")
            .post(form)
            .build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request);
    JsonNode answer = http.parse(response.body());
    if (!response.successful()) {
      throw failure(about, response, answer);
    }
    String sid =
        ProviderHttp.acceptedId(
            NAME, message.messageId(), response, ProviderHttp.text(answer.path("sid")));
    log.info("twilio accepted message {} as {}", message.messageId(), sid);
    return new ProviderAcceptance(
        sid,
        // The price is known only once the carrier is charged; usually null at creation.
        ProviderHttp.usd(answer.path("price"), answer.path("price_unit"))
            .orElse(settings.costPerMessage()),
        false);
  }

  /**
   * Twilio cannot be searched by idempotency token, so it cannot be asked. It does not need to be:
   * resending with the same {@code I-Twilio-Idempotency-Token} returns the first message instead of
   * sending a second one.
   */
  @Override
  public Reconciliation reconcile(OutboundMessage message) {
    return Reconciliation.unsupported();
  }

  /** Fetches the message resource; empty while Twilio has not handed it on yet. */
  @Override
  public Optional<ReceiptStatus> deliveryStatus(String providerMessageId) {
    String accountSid = ProviderHttp.required(NAME, "account-sid", settings.accountSid());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    Request request =
        new Request.Builder()
            .url(
                messages(accountSid)
                    .addPathSegment("Messages")
                    .addPathSegment(providerMessageId + ".json")
                    .build())
            .header("Authorization", Credentials.basic(accountSid, authToken))
            .header("Accept", "application/json")
            .get()
            .build();
    String about = ProviderHttp.aboutProviderId(providerMessageId);
    ProviderResponse response = http.execute(NAME, about, request);
    JsonNode answer = http.parse(response.body());
    if (!response.successful()) {
      throw failure(about, response, answer);
    }
    return receiptStatus(ProviderHttp.text(answer.path("status")));
  }

  static Optional<ReceiptStatus> receiptStatus(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "sent" -> Optional.of(ReceiptStatus.SENT);
      case "delivered", "read" -> Optional.of(ReceiptStatus.DELIVERED);
      case "undelivered" -> Optional.of(ReceiptStatus.UNDELIVERED);
      case "failed", "canceled" -> Optional.of(ReceiptStatus.FAILED);
      default -> Optional.empty(); // accepted, scheduled, queued, sending
    };
  }

  private HttpUrl.Builder messages(String accountSid) {
    return http.baseUrl(NAME, settings.baseUrl())
        .newBuilder()
        .addPathSegment("2010-04-01")
        .addPathSegment("Accounts")
        .addPathSegment(accountSid);
  }

  private ProviderException failure(String about, ProviderResponse response, JsonNode answer) {
    String code = ProviderHttp.text(answer.path("code"));
    Kind kind =
        response.status() == 400 && INVALID_RECIPIENT_CODES.contains(code)
            ? Kind.INVALID_RECIPIENT
            : ProviderHttp.kindOf(response.status());
    return http.failure(
        NAME, about, response, kind, code, ProviderHttp.text(answer.path("message")));
  }
}
