package io.iris.integrations.postmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderHttp;
import io.iris.integrations.spi.ProviderResponse;
import io.iris.integrations.spi.RecipientChecks;
import io.iris.integrations.spi.Reconciliation;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Email through Postmark ({@code POST /email}, transactional stream {@code outbound}). {@link
 * #deliveryStatus} reads the message's events.
 *
 * <p>Postmark has no idempotency key: a repeated send is a second email. The message's {@code
 * Metadata} carries {@code iris_message_id}, so after a send whose outcome is unknown {@link
 * #reconcile} finds it with Postmark's outbound message search.
 */
@Component
@EnableConfigurationProperties(PostmarkSettings.class)
public class PostmarkAdapter implements ProviderAdapter {

  static final String NAME = "postmark";

  /** Invalid email request (bad address), inactive recipient (bounced or unsubscribed before). */
  private static final int INVALID_EMAIL = 300;

  private static final int INACTIVE_RECIPIENT = 406;

  /** Bad or missing server token (usually with HTTP 401). */
  private static final int BAD_TOKEN = 10;

  /** The metadata field naming our message; a search filters on {@code metadata_<field>}. */
  static final String MESSAGE_ID_FIELD = "iris_message_id";

  /** Search results per page (Postmark allows 500). */
  static final int PAGE_SIZE = 50;

  /** Pages read before giving up on settling a reconciliation. */
  static final int MAX_PAGES = 5;

  /** A search page: summaries without bodies, a few KB each. */
  static final long MAX_SEARCH_BYTES = 1024 * 1024;

  /**
   * Message details include the text and HTML bodies (a message is at most 10 MB, attachments
   * excluded from the details), escaped as JSON.
   */
  static final long MAX_DETAILS_BYTES = 32L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(PostmarkAdapter.class);

  private final PostmarkSettings settings;
  private final ProviderHttp http;

  public PostmarkAdapter(PostmarkSettings settings, ProviderHttp http) {
    this.settings = settings;
    this.http = http;
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
    return Channel.EMAIL;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String token = ProviderHttp.required(NAME, "server-token", settings.serverToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.email(NAME, message);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("From", from);
    body.put("To", to);
    body.put("Subject", ProviderHttp.orElse(message.subject(), ""));
    body.put("TextBody", ProviderHttp.orElse(message.body(), ""));
    body.put("Metadata", Map.of(MESSAGE_ID_FIELD, message.messageId().toString()));
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
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode answer = http.successJson(NAME, about, response);
    // A non-zero ErrorCode is a refusal even under a 200.
    if (answer.path("ErrorCode").asInt(0) != 0) {
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
    ProviderResponse response = http.execute(NAME, about, request, MAX_DETAILS_BYTES);
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode answer = http.successJson(NAME, about, response);
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

  /**
   * Searches the outbound messages to the recipient whose {@code Metadata.iris_message_id} is ours
   * ("Outbound message search", {@code metadata_iris_message_id}): an exact match, whichever
   * attempt sent it. A result whose metadata is not shown cannot be confirmed and leaves the answer
   * unsettled rather than NOT_FOUND.
   */
  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant since) {
    String token = ProviderHttp.required(NAME, "server-token", settings.serverToken());
    String to = RecipientChecks.email(NAME, message);
    String id = message.messageId().toString();
    // Never the recipient: failure texts and logs do not repeat it.
    String about = ProviderHttp.aboutReconciling(message.messageId());

    boolean unconfirmed = false;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      int offset = pages * PAGE_SIZE;
      Request request =
          new Request.Builder()
              .url(
                  http.baseUrl(NAME, settings.baseUrl())
                      .newBuilder()
                      .addPathSegments("messages/outbound")
                      .addQueryParameter("count", Integer.toString(PAGE_SIZE))
                      .addQueryParameter("offset", Integer.toString(offset))
                      .addQueryParameter("recipient", to)
                      .addQueryParameter("messagestream", "outbound")
                      .addQueryParameter("metadata_" + MESSAGE_ID_FIELD, id)
                      .build())
              .header("X-Postmark-Server-Token", token)
              .header("Accept", "application/json")
              .get()
              .build();
      ProviderResponse response = http.execute(NAME, about, request, MAX_SEARCH_BYTES);
      if (!response.successful()) {
        throw failure(about, response, http.parse(response.body()));
      }
      JsonNode answer = http.successJson(NAME, about, response);
      JsonNode found = answer.path("Messages");
      if (!found.isArray() || !answer.path("TotalCount").isNumber()) {
        throw new ProviderException(
            Kind.UNAVAILABLE,
            NAME,
            response.status(),
            "",
            "postmark answered HTTP "
                + response.status()
                + " for "
                + about
                + " in an unknown shape");
      }
      for (JsonNode m : found) {
        JsonNode metadata = m.path("Metadata");
        if (!metadata.isObject()) {
          unconfirmed = true;
        } else if (id.equals(ProviderHttp.text(metadata.path(MESSAGE_ID_FIELD))) && sentTo(m, to)) {
          String messageId = ProviderHttp.text(m.path("MessageID"));
          log.info("postmark has message {} as {}", id, messageId);
          return Reconciliation.found(messageId);
        }
      }
      if (found.isEmpty() || offset + found.size() >= answer.path("TotalCount").asLong()) {
        return unconfirmed ? Reconciliation.unsupported() : Reconciliation.notFound();
      }
    }
    log.info("postmark: more than {} pages for message {}; it stays unsettled", MAX_PAGES, id);
    return Reconciliation.unsupported();
  }

  private static boolean sentTo(JsonNode message, String to) {
    for (JsonNode recipient : message.path("Recipients")) {
      if (to.equalsIgnoreCase(ProviderHttp.text(recipient))) {
        return true;
      }
    }
    return false;
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
