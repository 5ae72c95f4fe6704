package io.iris.integrations.twilio;

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
import io.iris.integrations.spi.StatusCallbacks;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ReceiptStatus;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * SMS through Twilio's Messages resource ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}).
 * Receipts arrive as status callbacks on {@code /webhooks/twilio/status?messageId=…}.
 *
 * <p>Twilio takes no idempotency key for creating a Message (its API description has one only for
 * Payments and User Defined Messages; {@code I-Twilio-Idempotency-Token} is a header Twilio puts on
 * its own webhook requests), so a repeated create is a second SMS. After a send whose outcome is
 * unknown, {@link #reconcile} reads the account's Message list instead.
 */
@Component
@EnableConfigurationProperties(TwilioSettings.class)
public class TwilioAdapter implements ProviderAdapter {

  static final String NAME = "twilio";
  static final String CALLBACK_PATH = TwilioCallbacks.PATH;

  /** Invalid 'To', 'To' not reachable (e.g. a landline), recipient opted out (STOP). */
  private static final Set<String> INVALID_RECIPIENT_CODES = Set.of("21211", "21614", "21610");

  /**
   * Messages per list page. A Message resource holds at most 1,600 characters of body, up to six
   * bytes each as escaped JSON, and about 1.5 KB of other fields: about 11 KB.
   */
  static final int PAGE_SIZE = 50;

  /** Pages read before giving up on settling a reconciliation. */
  static final int MAX_PAGES = 5;

  /** A list page's documented size, with room: {@link #PAGE_SIZE} resources of about 11 KB. */
  static final long MAX_PAGE_BYTES = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TwilioAdapter.class);

  private final TwilioSettings settings;
  private final ProviderHttp http;
  private final StatusCallbacks callbacks;

  public TwilioAdapter(TwilioSettings settings, ProviderHttp http, StatusCallbacks callbacks) {
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
    String accountSid = ProviderHttp.required(NAME, "account-sid", settings.accountSid());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.phoneNumber(NAME, message);

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
            .header("Accept", "application/json")
            .post(form)
            .build();

    String about = ProviderHttp.about(message.messageId());
    // The answer is one Message resource (see PAGE_SIZE): the default limit holds it.
    ProviderResponse response = http.execute(NAME, about, request);
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode answer = http.successJson(NAME, about, response);
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
   * Reads the Message list filtered by {@code To} and {@code From} ("Read multiple Message
   * resources"), following {@code next_page_uri}, for an outbound message with our body created no
   * earlier than {@code since}. Twilio keeps none of our ids on a message, so recipient, sender,
   * body and time are what identify it.
   *
   * <p>The list is not filtered by {@code DateSent}: a message still queued at Twilio has no {@code
   * date_sent}, and ours may well be. Without the filter every page of the pair may have to be
   * read; after {@link #MAX_PAGES} the answer is left unsettled (UNSUPPORTED), never NOT_FOUND. A
   * candidate whose body Twilio no longer shows (redacted) cannot be told apart either.
   */
  @Override
  public Reconciliation reconcile(OutboundMessage message, Instant since) {
    String accountSid = ProviderHttp.required(NAME, "account-sid", settings.accountSid());
    String authToken = ProviderHttp.required(NAME, "auth-token", settings.authToken());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.phoneNumber(NAME, message);
    String body = ProviderHttp.orElse(message.body(), "");
    // Never the recipient: failure texts and logs do not repeat it.
    String about = ProviderHttp.aboutReconciling(message.messageId());
    // date_created is to the second.
    Instant earliest = since.truncatedTo(ChronoUnit.SECONDS);

    HttpUrl page =
        messages(accountSid)
            .addPathSegment("Messages.json")
            .addQueryParameter("To", to)
            .addQueryParameter("From", from)
            .addQueryParameter("PageSize", Integer.toString(PAGE_SIZE))
            .build();
    boolean unreadableCandidate = false;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      Request request =
          new Request.Builder()
              .url(page)
              .header("Authorization", Credentials.basic(accountSid, authToken))
              .header("Accept", "application/json")
              .get()
              .build();
      ProviderResponse response = http.execute(NAME, about, request, MAX_PAGE_BYTES);
      if (!response.successful()) {
        throw failure(about, response, http.parse(response.body()));
      }
      JsonNode answer = http.successJson(NAME, about, response);
      JsonNode list = answer.path("messages");
      if (!list.isArray()) {
        throw unreadable(about, response);
      }
      for (JsonNode m : list) {
        if (!ProviderHttp.text(m.path("direction")).startsWith("outbound")
            || !to.equals(ProviderHttp.text(m.path("to")))
            || !from.equals(ProviderHttp.text(m.path("from")))
            || !createdSince(m, earliest, about, response)) {
          continue;
        }
        String text = ProviderHttp.text(m.path("body"));
        if (text.equals(body)) {
          String sid = ProviderHttp.text(m.path("sid"));
          log.info("twilio has message {} as {}", message.messageId(), sid);
          return Reconciliation.found(sid);
        }
        unreadableCandidate |= text.isEmpty();
      }
      String next = ProviderHttp.text(answer.path("next_page_uri"));
      if (next.isEmpty()) {
        if (unreadableCandidate) {
          log.info("twilio shows no body for a candidate of message {}", message.messageId());
          return Reconciliation.unsupported();
        }
        return Reconciliation.notFound();
      }
      page = nextPage(next, about, response);
    }
    log.info(
        "twilio: more than {} pages of the recipient's messages; message {} stays unsettled",
        MAX_PAGES,
        message.messageId());
    return Reconciliation.unsupported();
  }

  private static boolean createdSince(
      JsonNode message, Instant since, String about, ProviderResponse response) {
    try {
      return !ZonedDateTime.parse(
              ProviderHttp.text(message.path("date_created")), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant()
          .isBefore(since);
    } catch (DateTimeParseException e) {
      throw unreadable(about, response);
    }
  }

  /** {@code next_page_uri} is relative to the API's root; it is read against our base URL only. */
  private HttpUrl nextPage(String next, String about, ProviderResponse response) {
    HttpUrl parsed = HttpUrl.parse(next.startsWith("/") ? "http://twilio.invalid" + next : next);
    if (parsed == null) {
      throw unreadable(about, response);
    }
    HttpUrl base = http.baseUrl(NAME, settings.baseUrl());
    String prefix =
        base.encodedPath().endsWith("/") ? base.encodedPath() : base.encodedPath() + "/";
    return base.newBuilder()
        .encodedPath(prefix + parsed.encodedPath().substring(1))
        .encodedQuery(parsed.encodedQuery())
        .build();
  }

  private static ProviderException unreadable(String about, ProviderResponse response) {
    return new ProviderException(
        Kind.UNAVAILABLE,
        NAME,
        response.status(),
        "",
        "twilio answered HTTP " + response.status() + " for " + about + " in an unknown shape");
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
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    return TwilioStatuses.receiptStatus(
        ProviderHttp.text(http.successJson(NAME, about, response).path("status")));
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
