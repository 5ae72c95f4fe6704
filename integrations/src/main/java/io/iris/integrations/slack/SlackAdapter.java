package io.iris.integrations.slack;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderHttp;
import io.iris.integrations.spi.RecipientChecks;
import io.iris.integrations.spi.RequestProgress;
import io.iris.integrations.spi.RetryAfter;
import io.iris.workflows.send.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Slack messages through {@code chat.postMessage}, spoken by Slack's own {@code slack-api-client}.
 * The recipient is a channel id; the provider message id is the message's {@code ts}. Slack has no
 * receipts, so acceptance is delivery.
 *
 * <p>Slack has no idempotency key either: a repeated {@code chat.postMessage} posts twice. Finding
 * a post afterwards would need the channel's history (an extra {@code *:history} scope the bot does
 * not have), so {@link #reconcile} stays unsupported.
 */
@Component
public class SlackAdapter implements ProviderAdapter {

  static final String NAME = "slack";

  private static final Set<String> INVALID_RECIPIENT_ERRORS =
      Set.of("channel_not_found", "not_in_channel", "is_archived");
  private static final Set<String> UNAUTHORIZED_ERRORS =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "missing_scope",
          "not_allowed_token_type");
  private static final Set<String> UNAVAILABLE_ERRORS =
      Set.of("fatal_error", "internal_error", "service_unavailable", "request_timeout");

  private static final Logger log = LoggerFactory.getLogger(SlackAdapter.class);

  private final SlackSettings settings;
  private final ProviderHttp http;

  /** The Slack clients, shared with incident posting: one per resolved methods prefix. */
  private final SlackWebClients clients;

  public SlackAdapter(SlackSettings settings, ProviderHttp http, SlackWebClients clients) {
    this.settings = settings;
    this.http = http;
    this.clients = clients;
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
    return Channel.SLACK;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String token = ProviderHttp.required(NAME, "bot-token", settings.botToken());
    String channel = RecipientChecks.present(NAME, message, "Slack channel id");
    String about = ProviderHttp.about(message.messageId());
    ChatPostMessageRequest request =
        ChatPostMessageRequest.builder().channel(channel).text(text(message)).build();

    ChatPostMessageResponse response;
    try {
      response = client().methods(token).chatPostMessage(request);
    } catch (SlackApiException e) {
      // A non-200 answer: the client keeps the HTTP response for us.
      int status = e.getResponse() == null ? 0 : e.getResponse().code();
      String error = e.getError() == null ? "" : nullToEmpty(e.getError().getError());
      Kind kind = status == 0 ? Kind.UNAVAILABLE : kindOf(status, error);
      Duration retryAfter =
          kind == Kind.RATE_LIMITED && e.getResponse() != null
              ? retryAfter(e.getResponse().headers())
              : null;
      throw failure(about, status, kind, error, retryAfter, e);
    } catch (RequestProgress.NotSentException e) {
      throw failure(about, 0, Kind.UNAVAILABLE, "", null, e);
    } catch (IOException e) {
      // No answer in time, or the connection broke after the request left: it may be posted.
      throw failure(about, 0, Kind.TIMEOUT, "", null, e);
    }

    if (!response.isOk()) {
      String error = nullToEmpty(response.getError());
      Kind kind = kindOf(200, error);
      Duration retryAfter =
          kind == Kind.RATE_LIMITED ? retryAfter(response.getHttpResponseHeaders()) : null;
      throw failure(about, 200, kind, error, retryAfter, null);
    }
    String ts = ProviderHttp.orElse(response.getTs(), "");
    if (ts.isEmpty()) {
      throw failure(about, 200, Kind.TIMEOUT, "no_ts", null, null);
    }
    log.info("slack accepted message {} as {}", message.messageId(), ts);
    return new ProviderAcceptance(ts, settings.costPerMessage(), true);
  }

  /** The subject, when there is one, leads in bold. */
  private static String text(OutboundMessage message) {
    String body = ProviderHttp.orElse(message.body(), "");
    String subject = ProviderHttp.orElse(message.subject(), "");
    return subject.isEmpty() ? body : "*" + subject + "*\n" + body;
  }

  private static Kind kindOf(int status, String error) {
    if (INVALID_RECIPIENT_ERRORS.contains(error)) {
      return Kind.INVALID_RECIPIENT;
    }
    if (UNAUTHORIZED_ERRORS.contains(error)) {
      return Kind.UNAUTHORIZED;
    }
    if ("ratelimited".equals(error) || "rate_limited".equals(error)) {
      return Kind.RATE_LIMITED;
    }
    if (UNAVAILABLE_ERRORS.contains(error)) {
      return Kind.UNAVAILABLE;
    }
    return status == 200 ? Kind.REJECTED : ProviderHttp.kindOf(status);
  }

  private Duration retryAfter(Headers headers) {
    return RetryAfter.parse(headers.get("Retry-After"), http.clock().instant()).orElse(null);
  }

  private Duration retryAfter(Map<String, List<String>> headers) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if ("Retry-After".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
        return RetryAfter.parse(header.getValue().get(0), http.clock().instant()).orElse(null);
      }
    }
    return null;
  }

  private ProviderException failure(
      String about, int status, Kind kind, String error, Duration retryAfter, Exception cause) {
    String text =
        switch (kind) {
          case TIMEOUT ->
              status == 0
                  ? "slack did not answer for "
                      + about
                      + " ("
                      + (cause == null ? "no answer" : cause.getClass().getSimpleName())
                      + "); it may have posted it"
                  : status == 200
                      ? "slack answered without a ts for " + about + "; it may have posted it"
                      : "slack answered HTTP "
                          + status
                          + " for "
                          + about
                          + "; it may have posted it";
          case UNAVAILABLE ->
              status == 0
                  ? "slack could not be reached for " + about
                  : "slack answered HTTP " + status + " for " + about + describe(error);
          default -> "slack refused " + about + " (HTTP " + status + ")" + describe(error);
        };
    log.info("{} -> {}", text, kind);
    return new ProviderException(kind, NAME, status, error, text, retryAfter, cause);
  }

  private static String describe(String error) {
    return error.isEmpty() ? "" : ": " + error;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private Slack client() {
    return clients
        .forPrefix(settings.baseUrl())
        .orElseGet(
            () -> {
              ProviderHttp.required(NAME, "base-url", "");
              throw new IllegalStateException("unreachable");
            });
  }
}
