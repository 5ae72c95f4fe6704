package io.iris.integrations.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.iris.integrations.spi.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side every adapter shares: one okhttp client, Jackson, URL resolution and the
 * translation of transport failures and error statuses into {@link ProviderException}s. A bean of
 * {@link ProviderHttpConfiguration}.
 */
public class ProviderHttp {

  /**
   * Answers are read up to this size unless a call allows more: error answers, and every answer
   * whose documented shape is small. Webhook targets are untrusted, so no call reads more than it
   * needs.
   */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private static final int MAX_DETAIL_CHARS = 200;

  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);

  private final OkHttpClient client;
  private final ObjectMapper json;
  private final SelfUrls selfUrls;
  private final Clock clock;

  public ProviderHttp(OkHttpClient client, ObjectMapper json, SelfUrls selfUrls, Clock clock) {
    this.client = client;
    this.json = json;
    this.selfUrls = selfUrls;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public OkHttpClient client() {
    return client;
  }

  public ObjectMapper json() {
    return json;
  }

  public SelfUrls selfUrls() {
    return selfUrls;
  }

  /**
   * Runs one call on the shared client.
   *
   * @param about what the call is about, e.g. {@link #about(UUID)}, for failure texts and logs
   */
  public ProviderResponse execute(String provider, String about, Request request) {
    return execute(provider, about, client, request, MAX_BODY_BYTES);
  }

  /**
   * Runs one call on the shared client, reading up to {@code maxBodyBytes} of the answer.
   *
   * @param maxBodyBytes what the provider's documented answer to this call can hold
   */
  public ProviderResponse execute(
      String provider, String about, Request request, long maxBodyBytes) {
    return execute(provider, about, client, request, maxBodyBytes);
  }

  public ProviderResponse execute(String provider, String about, OkHttpClient on, Request request) {
    return execute(provider, about, on, request, MAX_BODY_BYTES);
  }

  /**
   * Runs one call. A failure before the request was written is {@code UNAVAILABLE} (the provider
   * cannot have the message); no answer in time, or a connection that broke after the request was
   * written, is {@code TIMEOUT} (it may have it). An answer longer than {@code maxBodyBytes} is
   * kept cut short and marked {@link ProviderResponse#truncated()}.
   */
  public ProviderResponse execute(
      String provider, String about, OkHttpClient on, Request request, long maxBodyBytes) {
    try (Response response = on.newCall(request).execute()) {
      return read(response, maxBodyBytes);
    } catch (RequestProgress.NotSentException e) {
      String text =
          provider
              + " could not be reached for "
              + about
              + " ("
              + e.getCause().getClass().getSimpleName()
              + ")";
      log.info("{}: {}", text, e.getMessage());
      throw new ProviderException(Kind.UNAVAILABLE, provider, 0, "", text, null, e);
    } catch (InterruptedIOException e) {
      // SocketTimeoutException is one: the read or write deadline passed once the request left.
      String text = provider + " did not answer in time for " + about;
      log.info(text);
      throw new ProviderException(Kind.TIMEOUT, provider, 0, "", text, null, e);
    } catch (IOException e) {
      String text =
          "the connection to "
              + provider
              + " broke after the request for "
              + about
              + " was sent ("
              + e.getClass().getSimpleName()
              + "); it may have taken it";
      log.info("{}: {}", text, e.getMessage());
      throw new ProviderException(Kind.TIMEOUT, provider, 0, "", text, null, e);
    }
  }

  private static ProviderResponse read(Response response, long maxBodyBytes) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return new ProviderResponse(response.code(), response.headers(), "", false);
    }
    BufferedSource source = body.source();
    // Reads until one byte more than allowed is there, or the answer ends.
    boolean truncated = source.request(maxBodyBytes + 1);
    long size = Math.min(source.getBuffer().size(), maxBodyBytes);
    MediaType type = body.contentType();
    Charset charset = type == null ? null : type.charset();
    String text =
        source.getBuffer().readString(size, charset == null ? StandardCharsets.UTF_8 : charset);
    return new ProviderResponse(response.code(), response.headers(), text, truncated);
  }

  /** The configured base URL, resolved now, as an okhttp URL. */
  public HttpUrl baseUrl(String provider, String configured) {
    HttpUrl url = HttpUrl.parse(selfUrls.resolve(configured));
    if (url == null) {
      throw new ProviderException(
          Kind.REJECTED,
          provider,
          0,
          "",
          "iris.providers." + provider + ".base-url is not an http(s) URL");
    }
    return url;
  }

  /**
   * Fails as {@code UNAUTHORIZED} when a required setting is empty, naming it (never its value).
   */
  public static String required(String provider, String setting, String value) {
    if (value == null || value.isBlank()) {
      throw new ProviderException(
          Kind.UNAUTHORIZED,
          provider,
          0,
          "",
          provider
              + " is not configured: iris.providers."
              + provider
              + "."
              + setting
              + " is empty");
    }
    return value;
  }

  public RequestBody jsonBody(Object value) {
    try {
      return RequestBody.create(json.writeValueAsBytes(value), JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("request body cannot be written as JSON", e);
    }
  }

  /**
   * The JSON of a success answer the caller needs to read. One cut short at the call's limit is
   * more than the provider's documented answer holds and cannot be read: after a send that is as
   * ambiguous as a timeout ({@code TIMEOUT}: it may have taken the message, ask before sending it
   * elsewhere); after a lookup it is a failure to retry, never an empty answer.
   */
  public JsonNode successJson(String provider, String about, ProviderResponse response) {
    if (response.truncated()) {
      String text =
          provider
              + " answered HTTP "
              + response.status()
              + " for "
              + about
              + " with an answer longer than its documented answers to this call; it cannot be"
              + " read";
      log.info(text);
      throw new ProviderException(Kind.TIMEOUT, provider, response.status(), "", text);
    }
    return parse(response.body());
  }

  /** The body as JSON, or a missing node when it is not JSON (error pages, proxies). */
  public JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = json.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * A field of a success answer that must be there. The provider said yes but we cannot tell what
   * it took: that is as ambiguous as a timeout, so it is reported as one (reconcile, never resend
   * blindly elsewhere).
   */
  public static String acceptedId(
      String provider, UUID messageId, ProviderResponse response, String id) {
    if (id == null || id.isBlank()) {
      throw new ProviderException(
          Kind.TIMEOUT,
          provider,
          response.status(),
          "",
          provider
              + " answered HTTP "
              + response.status()
              + " for "
              + about(messageId)
              + " without a message id; it may have taken the message");
    }
    return id;
  }

  public static String about(UUID messageId) {
    return "message " + messageId;
  }

  public static String aboutReconciling(UUID messageId) {
    return "the search for " + about(messageId);
  }

  public static String aboutProviderId(String providerMessageId) {
    return "provider message " + providerMessageId;
  }

  /**
   * The usual meaning of an error status; adapters first pick out their invalid recipients. A 504
   * is a gateway that stopped waiting for the provider, which may still have taken the request:
   * {@code TIMEOUT}, like no answer at all.
   */
  public static Kind kindOf(int status) {
    if (status == 401 || status == 403) {
      return Kind.UNAUTHORIZED;
    }
    if (status == 429) {
      return Kind.RATE_LIMITED;
    }
    if (status == 504) {
      return Kind.TIMEOUT;
    }
    if (status >= 500 || status == 408) {
      return Kind.UNAVAILABLE;
    }
    return Kind.REJECTED;
  }

  /**
   * The failure for an error answer, logged (without credentials or bodies).
   *
   * @param about what the call was about, e.g. {@code "message 0e5f…"}, for the text and the log
   * @param code the provider's error code, or ""
   * @param detail the provider's short error text, or "" (shortened; never our message body)
   */
  public ProviderException failure(
      String provider,
      String about,
      ProviderResponse response,
      Kind kind,
      String code,
      String detail) {
    StringBuilder text =
        new StringBuilder(provider)
            .append(" answered HTTP ")
            .append(response.status())
            .append(" for ")
            .append(about);
    if (code != null && !code.isBlank()) {
      text.append(" (code ").append(code).append(')');
    }
    if (detail != null && !detail.isBlank()) {
      String shortened =
          detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) + "…" : detail;
      text.append(": ").append(shortened.replaceAll("\\s+", " "));
    }
    Duration retryAfter = kind == Kind.RATE_LIMITED ? retryAfter(response).orElse(null) : null;
    log.info("{} -> {}", text, kind);
    return new ProviderException(
        kind, provider, response.status(), code, text.toString(), retryAfter, null);
  }

  public Optional<Duration> retryAfter(ProviderResponse response) {
    return RetryAfter.parse(response.header("Retry-After"), clock.instant());
  }

  /** A provider's price as a positive USD amount, when the answer carries one. */
  public static Optional<BigDecimal> usd(JsonNode amount, JsonNode currency) {
    if (amount == null || amount.isMissingNode() || amount.isNull()) {
      return Optional.empty();
    }
    if (currency != null && currency.isTextual() && !"USD".equalsIgnoreCase(currency.asText())) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(amount.asText().trim()).abs());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The value when it has text, else the fallback (never null). */
  public static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? (fallback == null ? "" : fallback) : value;
  }

  /** Text of a JSON field, "" when absent or null. */
  public static String text(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? "" : node.asText("");
  }
}
