package io.iris.activities.incident.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import io.iris.activities.incident.IncidentLinks;
import io.iris.integrations.slack.IncidentMessage;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.SlackIncidentActivities;
import io.iris.workflows.incident.SlackMessageRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The incident's Slack message through Slack's own {@code slack-api-client}: {@code
 * chat.postMessage} to post it and to thread under it, {@code chat.update} to replace it.
 *
 * <p>Failures are typed for the workflow's retry policy: {@value #RATE_LIMITED} (retryable, with
 * Slack's {@code Retry-After} as the next delay), {@value #UNAVAILABLE} (retryable: 5xx, Slack's
 * own server-side error codes, network failures and timeouts), {@value #REJECTED} (not retryable:
 * any other {@code ok:false} or 4xx, named by Slack's error code) and {@value #NOT_CONFIGURED} (not
 * retryable: a setting is empty, named). Texts never contain the token.
 *
 * <p>Slack has no idempotency key: a retry after a timeout can post twice, which is preferred to an
 * incident nobody was told about.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.INCIDENT)
public class SlackIncidentActivitiesImpl implements SlackIncidentActivities {

  public static final String RATE_LIMITED = "SLACK_RATE_LIMITED";
  public static final String UNAVAILABLE = "SLACK_UNAVAILABLE";
  public static final String REJECTED = "SLACK_REJECTED";
  public static final String NOT_CONFIGURED = "SLACK_NOT_CONFIGURED";

  /** Longer waits than this are not believed; the retry policy's own backoff takes over. */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** {@code ok:false} codes that mean Slack itself failed, documented as worth retrying. */
  private static final Set<String> SERVER_ERRORS =
      Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout");

  private static final Logger log = LoggerFactory.getLogger(SlackIncidentActivitiesImpl.class);

  private final SlackIncidentSettings settings;
  private final SlackConnection connection;
  private final SlackWebClients clients;
  private final IncidentLinks incidentLinks;
  private final Clock clock;

  public SlackIncidentActivitiesImpl(
      SlackIncidentSettings settings,
      SlackConnection connection,
      SlackWebClients clients,
      IncidentLinks incidentLinks,
      Clock clock) {
    this.settings = settings;
    this.connection = connection;
    this.clients = clients;
    this.incidentLinks = incidentLinks;
    this.clock = clock;
  }

  @Override
  public SlackMessageRef postIncident(IncidentSnapshot incident) {
    MethodsClient methods = methods();
    String channel = required(SlackIncidentSettings.PREFIX + "channel", settings.channel());
    ChatPostMessageRequest request =
        ChatPostMessageRequest.builder()
            .channel(channel)
            .text(IncidentMessage.text(incident))
            .blocks(IncidentMessage.blocks(incident, links(incident)))
            .unfurlLinks(false)
            .unfurlMedia(false)
            .build();
    String about = "incident " + incident.incidentId();
    ChatPostMessageResponse response =
        call("chat.postMessage", about, () -> methods.chatPostMessage(request));
    if (response.getTs() == null || response.getTs().isBlank()) {
      throw failure(UNAVAILABLE, "slack answered chat.postMessage for " + about + " without a ts");
    }
    String postedIn =
        response.getChannel() == null || response.getChannel().isBlank()
            ? channel
            : response.getChannel();
    log.info("slack message for {} posted in {} as {}", about, postedIn, response.getTs());
    return new SlackMessageRef(postedIn, response.getTs());
  }

  @Override
  public void updateIncident(SlackMessageRef message, IncidentSnapshot incident) {
    MethodsClient methods = methods();
    String channel = channelOf(message);
    String ts = tsOf(message);
    ChatUpdateRequest request =
        ChatUpdateRequest.builder()
            .channel(channel)
            .ts(ts)
            .text(IncidentMessage.text(incident))
            .blocks(IncidentMessage.blocks(incident, links(incident)))
            .build();
    call("chat.update", "incident " + incident.incidentId(), () -> methods.chatUpdate(request));
  }

  @Override
  public void postToThread(SlackMessageRef message, String text) {
    MethodsClient methods = methods();
    String channel = channelOf(message);
    String ts = tsOf(message);
    ChatPostMessageRequest request =
        ChatPostMessageRequest.builder()
            .channel(channel)
            .threadTs(ts)
            .text(IncidentMessage.threadText(text))
            .unfurlLinks(false)
            .unfurlMedia(false)
            .build();
    call("chat.postMessage", "thread " + ts, () -> methods.chatPostMessage(request));
  }

  /**
   * Posts a message of blocks through the same client and failure typing as the incident's: in
   * {@code thread}'s thread when it has a ts, else in its channel, else in the configured one
   * (remediation approvals and replies use it).
   *
   * @param about what the message is about, for logs and failure texts
   */
  public SlackMessageRef postBlocks(
      SlackMessageRef thread, String text, List<LayoutBlock> blocks, String about) {
    MethodsClient methods = methods();
    String channel = channelOf(thread);
    String threadTs = thread == null ? "" : orEmpty(thread.ts()).trim();
    ChatPostMessageRequest request =
        ChatPostMessageRequest.builder()
            .channel(channel)
            .threadTs(threadTs.isEmpty() ? null : threadTs)
            .text(text)
            .blocks(blocks.isEmpty() ? null : blocks)
            .unfurlLinks(false)
            .unfurlMedia(false)
            .build();
    ChatPostMessageResponse response =
        call("chat.postMessage", about, () -> methods.chatPostMessage(request));
    if (response.getTs() == null || response.getTs().isBlank()) {
      throw failure(UNAVAILABLE, "slack answered chat.postMessage for " + about + " without a ts");
    }
    String postedIn =
        response.getChannel() == null || response.getChannel().isBlank()
            ? channel
            : response.getChannel();
    return new SlackMessageRef(postedIn, response.getTs());
  }

  /** Replaces a message posted by {@link #postBlocks}. */
  public void updateBlocks(
      SlackMessageRef message, String text, List<LayoutBlock> blocks, String about) {
    MethodsClient methods = methods();
    ChatUpdateRequest request =
        ChatUpdateRequest.builder()
            .channel(channelOf(message))
            .ts(tsOf(message))
            .text(text)
            .blocks(blocks)
            .build();
    call("chat.update", about, () -> methods.chatUpdate(request));
  }

  /** The incident in the API and its workflow in the Temporal UI. */
  IncidentMessage.Links links(IncidentSnapshot incident) {
    return new IncidentMessage.Links(
        incidentLinks.incident(incident).orElse(""), incidentLinks.workflow(incident).orElse(""));
  }

  @FunctionalInterface
  private interface SlackCall<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  private <T extends SlackApiTextResponse> T call(String method, String about, SlackCall<T> call) {
    T response;
    try {
      response = call.call();
    } catch (SlackApiException e) {
      // A non-200 answer; the client keeps the HTTP response.
      int status = e.getResponse() == null ? 0 : e.getResponse().code();
      String error = e.getError() == null ? "" : orEmpty(e.getError().getError());
      Duration retryAfter =
          e.getResponse() == null ? null : retryAfter(e.getResponse().header("Retry-After"));
      throw answered(method, about, status, error, retryAfter);
    } catch (InterruptedIOException e) {
      throw failure(UNAVAILABLE, "slack did not answer " + method + " in time for " + about);
    } catch (IOException e) {
      throw failure(
          UNAVAILABLE,
          "slack could not be reached for "
              + method
              + " ("
              + about
              + ", "
              + e.getClass().getSimpleName()
              + ")");
    }
    if (!response.isOk()) {
      String error = orEmpty(response.getError());
      throw answered(
          method, about, 200, error, retryAfter(header(response.getHttpResponseHeaders())));
    }
    return response;
  }

  /** The failure for an error answer: HTTP status first, then Slack's error code. */
  private ApplicationFailure answered(
      String method, String about, int status, String error, Duration retryAfter) {
    String text =
        "slack answered "
            + method
            + " for "
            + about
            + " with HTTP "
            + status
            + (error.isEmpty() ? "" : ", error " + error);
    if (status == 429 || "ratelimited".equals(error) || "rate_limited".equals(error)) {
      log.info("{} -> {} (retry after {})", text, RATE_LIMITED, retryAfter);
      return retryAfter == null
          ? ApplicationFailure.newFailure(text, RATE_LIMITED)
          : ApplicationFailure.newFailureWithCauseAndDelay(text, RATE_LIMITED, null, retryAfter);
    }
    if (status >= 500 || status == 408 || status == 0 || SERVER_ERRORS.contains(error)) {
      return failure(UNAVAILABLE, text);
    }
    return failure(REJECTED, text);
  }

  private static ApplicationFailure failure(String type, String text) {
    log.info("{} -> {}", text, type);
    return UNAVAILABLE.equals(type) || RATE_LIMITED.equals(type)
        ? ApplicationFailure.newFailure(text, type)
        : ApplicationFailure.newNonRetryableFailure(text, type);
  }

  private MethodsClient methods() {
    String token = required(SlackConnection.BOT_TOKEN_SETTING, connection.botToken());
    Slack slack =
        clients
            .forPrefix(connection.baseUrl())
            .orElseThrow(() -> notConfigured(SlackConnection.BASE_URL_SETTING));
    return slack.methods(token);
  }

  private String channelOf(SlackMessageRef message) {
    String channel = message == null ? "" : orEmpty(message.channel()).trim();
    return channel.isEmpty()
        ? required(SlackIncidentSettings.PREFIX + "channel", settings.channel())
        : channel;
  }

  /** The message's ts; without it there is no message to update or thread under. */
  private static String tsOf(SlackMessageRef message) {
    String ts = message == null ? "" : orEmpty(message.ts()).trim();
    if (ts.isEmpty()) {
      throw failure(REJECTED, "no slack message to update or reply to: its ts is empty");
    }
    return ts;
  }

  /** A setting that must not be empty; the failure names it, never a value. */
  private static String required(String setting, String value) {
    if (value == null || value.isBlank()) {
      throw notConfigured(setting);
    }
    return value;
  }

  /** {@code setting} is the whole key, e.g. {@code iris.providers.slack.bot-token}. */
  private static ApplicationFailure notConfigured(String setting) {
    return failure(
        NOT_CONFIGURED, "slack is not configured for incidents: " + setting + " is empty");
  }

  /** Reads {@code Retry-After}: delay-seconds or an HTTP-date, capped; null when absent. */
  Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      return value.length() > 9
          ? MAX_RETRY_AFTER
          : min(Duration.ofSeconds(Long.parseLong(value)), MAX_RETRY_AFTER);
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : min(wait, MAX_RETRY_AFTER);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String header(Map<String, List<String>> headers) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if ("Retry-After".equalsIgnoreCase(header.getKey())
          && header.getValue() != null
          && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment == null ? "" : segment, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
