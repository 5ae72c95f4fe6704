package io.iris.api.send;

import io.iris.api.platform.ApiLimits;
import io.iris.api.platform.ApiLimits.BodyLimit;
import io.iris.api.platform.ApiLimits.MapLimits;
import io.iris.api.problem.ApiProblem;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.send.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The checks of what a message carries, beyond its fields' shapes: the recipient under the one
 * recipient rule ({@link io.iris.workflows.send.Recipients}) as the adapters apply it, its body per
 * channel as the channel's providers count it (characters, SMS segments, or bytes), and its
 * free-form maps. Every refusal is a 400 naming the field and the limit.
 */
@Component
class SendChecks {

  static final String RENDERED = "as rendered from the template ";
  static final String TEMPLATE_TEXT = "without its placeholders ";

  private final ApiLimits limits;
  private final ProviderRegistry providers;

  SendChecks(ApiLimits limits, ProviderRegistry providers) {
    this.limits = limits;
    this.providers = providers;
  }

  /** Throws a 400 naming {@code field} unless the adapters would take the recipient. */
  void checkRecipient(Channel channel, String to, String field) {
    providers
        .recipientProblem(channel, to)
        .ifPresent(
            problem -> {
              throw ApiProblem.invalidField(field, problem);
            });
  }

  void checkMetadata(String field, Map<String, String> metadata) {
    check(field, metadata, limits.metadata());
  }

  void checkVariables(String field, Map<String, String> variables) {
    check(field, variables, limits.variables());
  }

  private static void check(String field, Map<String, String> map, MapLimits max) {
    if (map == null) {
      return;
    }
    if (map.size() > max.maxEntries()) {
      throw ApiProblem.invalidField(
          field, "must hold at most " + max.maxEntries() + " entries (it has " + map.size() + ")");
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw ApiProblem.invalidField(field, "must not have an empty key");
      }
      if (e.getKey().length() > max.maxKeyLength()) {
        throw ApiProblem.invalidField(
            field,
            "must not have a key longer than "
                + max.maxKeyLength()
                + " characters (one has "
                + e.getKey().length()
                + ")");
      }
      if (e.getValue() == null) {
        throw ApiProblem.invalidField(field + "." + e.getKey(), "must be a string, not null");
      }
      if (e.getValue().length() > max.maxValueLength()) {
        throw ApiProblem.invalidField(
            field + "." + e.getKey(),
            "must be at most "
                + max.maxValueLength()
                + " characters (it has "
                + e.getValue().length()
                + ")");
      }
    }
  }

  /**
   * Checks a body that will be sent, literal or rendered; returns its SMS segments on the sms
   * channel.
   *
   * @param field the field to name, e.g. {@code body} or {@code recipients[3].body}
   * @param what what the body is, leading the message: "" for a literal body, {@link #RENDERED} or
   *     {@link #TEMPLATE_TEXT}
   */
  Optional<SmsSegments> checkBody(
      Channel channel,
      String subject,
      String body,
      Map<String, String> metadata,
      String field,
      String what) {
    BodyLimit max = limits.body(channel.wireName());
    String sent = sentText(channel, subject, body);
    if (max.maxCharacters() > 0 && sent.length() > max.maxCharacters()) {
      throw ApiProblem.invalidField(
          field,
          what
              + "must be at most "
              + max.maxCharacters()
              + " characters on "
              + channel.wireName()
              + (sent.length() == body.length() ? "" : " (with the subject)")
              + "; it has "
              + sent.length());
    }
    long bytes = bytes(channel, sent, metadata);
    if (max.maxByteCount() > 0 && bytes > max.maxByteCount()) {
      throw ApiProblem.invalidField(
          field,
          what
              + "must be at most "
              + max.maxByteCount()
              + " bytes of UTF-8 on "
              + channel.wireName()
              + (channel == Channel.PUSH
                  ? " (FCM's payload: subject, body and metadata)"
                  : sent.length() == body.length() ? "" : " (with the subject)")
              + "; it has "
              + bytes);
    }
    if (channel != Channel.SMS) {
      return Optional.empty();
    }
    SmsSegments segments = SmsSegments.of(body);
    if (max.maxSegments() > 0 && segments.segments() > max.maxSegments()) {
      throw ApiProblem.invalidField(
          field,
          what
              + "must fit in "
              + max.maxSegments()
              + " SMS segments; it needs "
              + segments.segments()
              + " ("
              + segments.units()
              + (segments.encoding() == SmsSegments.Encoding.GSM_7 ? " septets" : " code units")
              + " in "
              + segments.encoding().wireName()
              + ")");
    }
    return Optional.of(segments);
  }

  /** What the channel's providers count: the body, with the subject where they send it too. */
  private static String sentText(Channel channel, String subject, String body) {
    if (subject == null || subject.isEmpty()) {
      return body;
    }
    return switch (channel) {
      case SMS, EMAIL -> body;
      case SLACK -> "*" + subject + "*\n" + body;
      case TEAMS, WEBHOOK, PUSH -> subject + body;
    };
  }

  private static long bytes(Channel channel, String sent, Map<String, String> metadata) {
    long bytes = sent.getBytes(StandardCharsets.UTF_8).length;
    if (channel == Channel.PUSH && metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
        bytes += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return bytes;
  }
}
