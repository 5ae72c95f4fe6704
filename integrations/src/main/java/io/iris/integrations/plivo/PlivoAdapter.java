package io.iris.integrations.plivo;

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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * SMS through Plivo's Message API ({@code POST /v1/Account/{auth_id}/Message/}). No status callback
 * is asked for: the send workflow polls {@link #deliveryStatus} when no receipt comes.
 *
 * <p>Plivo has no idempotency key: a repeated send is a second SMS. After a send whose outcome is
 * unknown, {@link #reconcile} reads Plivo's message detail records instead.
 */
@Component
@EnableConfigurationProperties(PlivoSettings.class)
public class PlivoAdapter implements ProviderAdapter {

  static final String NAME = "plivo";

  // Plivo reports a bad destination as a 400 whose "error" text names the dst parameter.
  private static final Pattern DESTINATION_ERROR =
      Pattern.compile("\\bdst\\b|destination", Pattern.CASE_INSENSITIVE);

  /** Records per page: Plivo's most. */
  static final int PAGE_SIZE = 20;

  /** Pages read before giving up on settling a reconciliation (Plivo allows 20 lists a minute). */
  static final int MAX_PAGES = 5;

  /** A page of {@link #PAGE_SIZE} records of about 1 KB each (no text), with room. */
  static final long MAX_PAGE_BYTES = 256 * 1024;

  /** {@code message_time__gte} takes UTC as {@code YYYY-MM-DD HH:MM[:ss[.uuuuuu]]}. */
  private static final DateTimeFormatter FILTER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Records carry e.g. {@code 2024-08-21 18:28:49.244057+05:30}. */
  private static final DateTimeFormatter RECORD_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .appendOffset("+HH:MM", "Z")
          .toFormatter(Locale.ROOT);

  private static final Logger log = LoggerFactory.getLogger(PlivoAdapter.class);

  private final PlivoSettings settings;
  private final ProviderHttp http;

  public PlivoAdapter(PlivoSettings settings, ProviderHttp http) {
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
    return Channel.SMS;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String authId = ProviderHttp.required(NAME, "auth-id", settings.authId());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.phoneNumber(NAME, message);

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
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode answer = http.successJson(NAME, about, response);
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
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    return PlivoStatuses.receiptStatus(
        ProviderHttp.text(http.successJson(NAME, about, response).path("message_state")));
  }

  /**
   * Lists the outbound message detail records from our sender to the recipient since {@code since}
   * ("List all messages", newest first, {@code limit}/{@code offset} paging). Plivo's records carry
   * neither the text nor any of our ids, so any such record is taken for ours: the message is never
   * sent twice, but a second message from the same sender to the same recipient in that time, sent
   * by anyone, would be taken for this one (see docs/delivery-guarantees.md). Of several, the
   * oldest is taken, as the closest to our attempt.
   */
  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant since) {
    String authId = ProviderHttp.required(NAME, "auth-id", settings.authId());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    String sender =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.phoneNumber(NAME, message);
    // Never the recipient: failure texts and logs do not repeat it.
    String about = ProviderHttp.aboutReconciling(message.messageId());
    // Records show message_time to the second.
    Instant earliest = since.truncatedTo(ChronoUnit.SECONDS);

    String oldest = "";
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      HttpUrl url =
          account(authId)
              .addPathSegment("Message")
              .addPathSegment("")
              .addQueryParameter("message_direction", "outbound")
              .addQueryParameter("from_number", sender)
              .addQueryParameter("to_number", to)
              .addQueryParameter("message_time__gte", FILTER_TIME.format(earliest))
              .addQueryParameter("limit", Integer.toString(PAGE_SIZE))
              .addQueryParameter("offset", Integer.toString(pages * PAGE_SIZE))
              .build();
      Request request =
          new Request.Builder()
              .url(url)
              .header("Authorization", Credentials.basic(authId, authToken))
              .header("Accept", "application/json")
              .get()
              .build();
      ProviderResponse response = http.execute(NAME, about, request, MAX_PAGE_BYTES);
      if (!response.successful()) {
        throw failure(about, response, http.parse(response.body()));
      }
      JsonNode answer = http.successJson(NAME, about, response);
      JsonNode records = answer.path("objects");
      if (!records.isArray() || !answer.path("meta").isObject()) {
        throw unreadable(about, response);
      }
      for (JsonNode record : records) {
        if ("outbound".equals(ProviderHttp.text(record.path("message_direction")))
            && digits(to).equals(digits(ProviderHttp.text(record.path("to_number"))))
            && digits(sender).equals(digits(ProviderHttp.text(record.path("from_number"))))
            && !time(record, about, response).isBefore(earliest)) {
          oldest = ProviderHttp.text(record.path("message_uuid"));
        }
      }
      if (ProviderHttp.text(answer.path("meta").path("next")).isEmpty()) {
        return found(message, oldest).orElse(Reconciliation.notFound());
      }
    }
    return found(message, oldest)
        .orElseGet(
            () -> {
              log.info(
                  "plivo: more than {} pages of the recipient's records; message {} stays"
                      + " unsettled",
                  MAX_PAGES,
                  message.messageId());
              return Reconciliation.unsupported();
            });
  }

  private static Optional<Reconciliation> found(OutboundMessage message, String uuid) {
    if (uuid.isEmpty()) {
      return Optional.empty();
    }
    log.info("plivo has a message for {} as {}", message.messageId(), uuid);
    return Optional.of(Reconciliation.found(uuid));
  }

  private static Instant time(JsonNode record, String about, ProviderResponse response) {
    try {
      return OffsetDateTime.parse(ProviderHttp.text(record.path("message_time")), RECORD_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw unreadable(about, response);
    }
  }

  /** Plivo shows numbers without their {@code +}. */
  private static String digits(String number) {
    return number.startsWith("+") ? number.substring(1) : number;
  }

  private static ProviderException unreadable(String about, ProviderResponse response) {
    return new ProviderException(
        Kind.UNAVAILABLE,
        NAME,
        response.status(),
        "",
        "plivo answered HTTP " + response.status() + " for " + about + " in an unknown shape");
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
