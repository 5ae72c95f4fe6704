package io.iris.integrations.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderHttp;
import io.iris.integrations.spi.ProviderResponse;
import io.iris.integrations.spi.RecipientChecks;
import io.iris.integrations.spi.StatusCallbacks;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * SMS through Telnyx Messaging v2 ({@code POST /v2/messages}). Receipts arrive as {@code
 * message.sent}/{@code message.finalized} webhooks on {@code /webhooks/telnyx?messageId=…}.
 *
 * <p>Telnyx honours {@code Idempotency-Key} only on endpoints whose reference declares it, and
 * "Send a message" does not: the header is sent, but a repeated send may be a second SMS. Telnyx
 * has no list of sent messages to ask (only a retrieve by its own id, which a send that got no
 * answer does not have, and detail-record reports of unstated freshness), so {@link #reconcile}
 * stays unsupported; the message's webhooks, which carry our message id, tell what became of it.
 */
@Component
@EnableConfigurationProperties(TelnyxSettings.class)
public class TelnyxAdapter implements ProviderAdapter {

  static final String NAME = "telnyx";
  static final String CALLBACK_PATH = TelnyxCallbacks.PATH;

  /** Invalid destination number, unreachable destination, destination not SMS-capable. */
  private static final Set<String> INVALID_RECIPIENT_CODES = Set.of("40310", "40300", "40008");

  /** The send and retrieve answers echo the text; a long MMS text is still far below this. */
  static final long MAX_ANSWER_BYTES = 256 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TelnyxAdapter.class);

  private final TelnyxSettings settings;
  private final ProviderHttp http;
  private final StatusCallbacks callbacks;

  public TelnyxAdapter(TelnyxSettings settings, ProviderHttp http, StatusCallbacks callbacks) {
    this.settings = settings;
    this.http = http;
    this.callbacks = callbacks;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean enabled() {
    return settings.enabled();
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String apiKey = ProviderHttp.required(NAME, "api-key", settings.apiKey());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.phoneNumber(NAME, message);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from);
    body.put("to", to);
    body.put("text", ProviderHttp.orElse(message.body(), ""));
    body.put("webhook_url", callbacks.forMessage(NAME, CALLBACK_PATH, message.messageId()));
    body.put("use_profile_webhooks", false);
    Request request =
        new Request.Builder()
            .url(
                http.baseUrl(NAME, settings.baseUrl())
                    .newBuilder()
                    .addPathSegments("v2/messages")
                    .build())
            .header("Authorization", "Bearer " + apiKey)
            .header("Idempotency-Key", message.idempotencyKey())
            .header("Accept", "application/json")
            .post(http.jsonBody(body))
            .build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request, MAX_ANSWER_BYTES);
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode data = http.successJson(NAME, about, response).path("data");
    String id =
        ProviderHttp.acceptedId(
            NAME, message.messageId(), response, ProviderHttp.text(data.path("id")));
    log.info("telnyx accepted message {} as {}", message.messageId(), id);
    return new ProviderAcceptance(
        id,
        ProviderHttp.usd(data.path("cost").path("amount"), data.path("cost").path("currency"))
            .orElse(settings.costPerMessage()),
        false);
  }

  /** Retrieves the message; empty while it is still queued or sending. */
  @Override
  public Optional<ReceiptStatus> deliveryStatus(String providerMessageId) {
    String apiKey = ProviderHttp.required(NAME, "api-key", settings.apiKey());
    Request request =
        new Request.Builder()
            .url(
                http.baseUrl(NAME, settings.baseUrl())
                    .newBuilder()
                    .addPathSegments("v2/messages")
                    .addPathSegment(providerMessageId)
                    .build())
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json")
            .get()
            .build();
    String about = ProviderHttp.aboutProviderId(providerMessageId);
    ProviderResponse response = http.execute(NAME, about, request, MAX_ANSWER_BYTES);
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode answer = http.successJson(NAME, about, response);
    return TelnyxStatuses.receiptStatus(
        ProviderHttp.text(answer.path("data").path("to").path(0).path("status")));
  }

  private ProviderException failure(String about, ProviderResponse response, JsonNode answer) {
    JsonNode error = answer.path("errors").path(0);
    String code = ProviderHttp.text(error.path("code"));
    boolean recipient =
        (response.status() == 422 || response.status() == 400)
            && INVALID_RECIPIENT_CODES.contains(code);
    Kind kind = recipient ? Kind.INVALID_RECIPIENT : ProviderHttp.kindOf(response.status());
    String detail =
        ProviderHttp.orElse(
            ProviderHttp.text(error.path("detail")), ProviderHttp.text(error.path("title")));
    return http.failure(NAME, about, response, kind, code, detail);
  }
}
