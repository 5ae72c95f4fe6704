package io.iris.activities.send.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.send.provider.ProviderException.Kind;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Email through Postmark ({@code POST /email}, transactional stream {@code outbound}). {@link
 * #deliveryStatus} reads the message's events.
 *
 * <p>Postmark has no idempotency header; the message's {@code Metadata} carries {@code
 * iris_message_id} so a message can be found in Postmark's activity afterwards.
 */
@Component
public class PostmarkAdapter implements ProviderAdapter {

  static final String NAME = "postmark";

  /** Invalid email request (bad address), inactive recipient (bounced or unsubscribed before). */
  private static final int INVALID_EMAIL = 300;

  private static final int INACTIVE_RECIPIENT = 406;

  /** Bad or missing server token (usually with HTTP 401). */
  private static final int BAD_TOKEN = 10;

  private static final Logger log = LoggerFactory.getLogger(PostmarkAdapter.class);

  private final ProviderSettings.Postmark settings;
  private final ProviderHttp http;

  public PostmarkAdapter(ProviderSettings settings, ProviderHttp http) {
    this.settings = settings.postmark();
    this.http = http;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String token = ProviderHttp.required(NAME, "server-token", settings.serverToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = Recipients.email(NAME, message);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("From", from);
    body.put("To", to);
    body.put("Subject", ProviderHttp.orElse(message.subject(), ""));
    body.put("TextBody", ProviderHttp.orElse(message.body(), ""));
    body.put("Metadata", Map.of("iris_message_id", message.messageId().toString()));
    body.put("MessageStream", "outbound");
    Request request =
        new Request.Builder()
            .url(
                http.baseUrl(NAME, settings.baseUrl()).newBuilder().addPathSegment("email").build())
            .header("X-Postmark-Server-Token", token)
            .header("Accept", "application/json")
            .post(http.jsonBody(body))
            .build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request);
    JsonNode answer = http.parse(response.body());
    // A non-zero ErrorCode is a refusal even under a 200.
    if (!response.successful() || answer.path("ErrorCode").asInt(0) != 0) {
      throw failure(about, response, answer);
    }
    String id =
        ProviderHttp.acceptedId(
            NAME, message.messageId(), response, ProviderHttp.text(answer.path("MessageID")));
    log.info("postmark accepted message {} as {}", message.messageId(), id);
    return new ProviderAcceptance(id, settings.costPerMessage(), false);
  }

  /**
   * Reads the message details: a spam complaint, a bounce or a delivery among its events decides
   * (in that order); otherwise Postmark has sent it and nothing more is known.
   */
  @Override
  public Optional<ReceiptStatus> deliveryStatus(String providerMessageId) {
    String token = ProviderHttp.required(NAME, "server-token", settings.serverToken());
    Request request =
        new Request.Builder()
            .url(
                http.baseUrl(NAME, settings.baseUrl())
                    .newBuilder()
                    .addPathSegments("messages/outbound")
                    .addPathSegment(providerMessageId)
                    .addPathSegment("details")
                    .build())
            .header("X-Postmark-Server-Token", token)
            .header("Accept", "application/json")
            .get()
            .build();
    String about = ProviderHttp.aboutProviderId(providerMessageId);
    ProviderResponse response = http.execute(NAME, about, request);
    JsonNode answer = http.parse(response.body());
    if (!response.successful()) {
      throw failure(about, response, answer);
    }
    boolean delivered = false;
    boolean bounced = false;
    boolean complained = false;
    for (JsonNode event : answer.path("MessageEvents")) {
      switch (ProviderHttp.text(event.path("Type"))) {
        case "Delivered" -> delivered = true;
        case "Bounced" -> bounced = true;
        case "SpamComplaint" -> complained = true;
        default -> {}
      }
    }
    if (complained) {
      return Optional.of(ReceiptStatus.COMPLAINED);
    }
    if (bounced) {
      return Optional.of(ReceiptStatus.BOUNCED);
    }
    return Optional.of(delivered ? ReceiptStatus.DELIVERED : ReceiptStatus.SENT);
  }

  private ProviderException failure(String about, ProviderResponse response, JsonNode answer) {
    int errorCode = answer.path("ErrorCode").asInt(0);
    Kind kind;
    if (errorCode == INVALID_EMAIL || errorCode == INACTIVE_RECIPIENT) {
      kind = Kind.INVALID_RECIPIENT;
    } else if (errorCode == BAD_TOKEN) {
      kind = Kind.UNAUTHORIZED;
    } else if (response.status() == 422 || response.successful()) {
      kind = Kind.REJECTED;
    } else {
      kind = ProviderHttp.kindOf(response.status());
    }
    return http.failure(
        NAME,
        about,
        response,
        kind,
        errorCode == 0 ? "" : Integer.toString(errorCode),
        ProviderHttp.text(answer.path("Message")));
  }
}
