package io.iris.activities.send.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.send.provider.ProviderException.Kind;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * SMS through Plivo's Message API ({@code POST /v1/Account/{auth_id}/Message/}). No status callback
 * is asked for: the send workflow polls {@link #deliveryStatus} when no receipt comes.
 *
 * <p>Plivo has no idempotency header: a retry after a timeout can send twice. The send workflow
 * should treat a Plivo timeout as "maybe sent".
 */
@Component
public class PlivoAdapter implements ProviderAdapter {

  static final String NAME = "plivo";

  // Plivo reports a bad destination as a 400 whose "error" text names the dst parameter.
  private static final Pattern DESTINATION_ERROR =
      Pattern.compile("\\bdst\\b|destination", Pattern.CASE_INSENSITIVE);

  private static final Logger log = LoggerFactory.getLogger(PlivoAdapter.class);

  private final ProviderSettings.Plivo settings;
  private final ProviderHttp http;

  public PlivoAdapter(ProviderSettings settings, ProviderHttp http) {
    this.settings = settings.plivo();
    this.http = http;
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
    String authId = ProviderHttp.required(NAME, "auth-id", settings.authId());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = Recipients.phoneNumber(NAME, message);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("src", from);
    body.put("dst", to);
    body.put("text", ProviderHttp.orElse(message.body(), ""));
    body.put("method", "POST");
    Request request =
        new Request.Builder()
            .url(account(authId).addPathSegment("Message").addPathSegment("").build())
            .header("Authorization", Credentials.basic(authId, authToken))
            .header("Accept", "application/json")
            .post(http.jsonBody(body))
            .build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request);
    JsonNode answer = http.parse(response.body());
    if (!response.successful()) {
      throw failure(about, response, answer);
    }
    String uuid =
        ProviderHttp.acceptedId(
            NAME,
            message.messageId(),
            response,
            ProviderHttp.text(answer.path("message_uuid").path(0)));
    log.info("plivo accepted message {} as {}", message.messageId(), uuid);
    return new ProviderAcceptance(uuid, settings.costPerMessage(), false);
  }

  /** Retrieves the message's {@code message_state}; empty while it is queued. */
  @Override
  public Optional<ReceiptStatus> deliveryStatus(String providerMessageId) {
    String authId = ProviderHttp.required(NAME, "auth-id", settings.authId());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    Request request =
        new Request.Builder()
            .url(
                account(authId)
                    .addPathSegment("Message")
                    .addPathSegment(providerMessageId)
                    .addPathSegment("")
                    .build())
            .header("Authorization", Credentials.basic(authId, authToken))
            .header("Accept", "application/json")
            .get()
            .build();
    String about = ProviderHttp.aboutProviderId(providerMessageId);
    ProviderResponse response = http.execute(NAME, about, request);
    JsonNode answer = http.parse(response.body());
    if (!response.successful()) {
      throw failure(about, response, answer);
    }
    return receiptStatus(ProviderHttp.text(answer.path("message_state")));
  }

  static Optional<ReceiptStatus> receiptStatus(String state) {
    return switch (state.toLowerCase(Locale.ROOT)) {
      case "sent" -> Optional.of(ReceiptStatus.SENT);
      case "delivered" -> Optional.of(ReceiptStatus.DELIVERED);
      case "undelivered" -> Optional.of(ReceiptStatus.UNDELIVERED);
      case "failed", "rejected" -> Optional.of(ReceiptStatus.FAILED);
      default -> Optional.empty(); // queued
    };
  }

  private HttpUrl.Builder account(String authId) {
    return http.baseUrl(NAME, settings.baseUrl())
        .newBuilder()
        .addPathSegment("v1")
        .addPathSegment("Account")
        .addPathSegment(authId);
  }

  private ProviderException failure(String about, ProviderResponse response, JsonNode answer) {
    JsonNode errorNode = answer.path("error");
    // Usually a sentence; some validation errors come as an object keyed by parameter.
    String error =
        errorNode.isContainerNode() ? errorNode.toString() : ProviderHttp.text(errorNode);
    Kind kind =
        response.status() == 400 && DESTINATION_ERROR.matcher(error).find()
            ? Kind.INVALID_RECIPIENT
            : ProviderHttp.kindOf(response.status());
    return http.failure(NAME, about, response, kind, "", error);
  }
}
