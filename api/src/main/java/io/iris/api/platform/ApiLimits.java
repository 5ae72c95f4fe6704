package io.iris.api.platform;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The limits the API holds every request to ({@code iris.api.*}; defaults in application.yml). The
 * header limit is Tomcat's {@code server.max-http-request-header-size}.
 *
 * @param maxRequestSize the largest request body; a larger one is refused with 413 before it is
 *     parsed, whether it declares its length or comes chunked
 * @param metadata the limits of a message's {@code metadata}
 * @param variables the limits of a template's {@code variables} (per message or recipient)
 * @param bodies per channel (wire name), how large a message body may be
 */
@ConfigurationProperties("iris.api")
public record ApiLimits(
    DataSize maxRequestSize,
    MapLimits metadata,
    MapLimits variables,
    Map<String, BodyLimit> bodies) {

  /**
   * Limits of a free-form map of text.
   *
   * @param maxEntries how many entries it may hold
   * @param maxKeyLength the longest key, in characters
   * @param maxValueLength the longest value, in characters
   */
  public record MapLimits(int maxEntries, int maxKeyLength, int maxValueLength) {}

  /**
   * How large a message body may be on one channel, as its providers count it. A limit of 0 (or
   * absent) does not apply.
   *
   * @param maxCharacters the most characters (UTF-16 code units, as SMS and Slack count them)
   * @param maxSegments the most SMS segments (GSM-7: 160, or 153 each when concatenated; UCS-2: 70,
   *     or 67 each)
   * @param maxBytes the most UTF-8 bytes of what the provider receives (subject and body; for push
   *     also the metadata FCM carries as data)
   */
  public record BodyLimit(int maxCharacters, int maxSegments, DataSize maxBytes) {
    public long maxByteCount() {
      return maxBytes == null ? 0 : maxBytes.toBytes();
    }
  }

  public ApiLimits {
    bodies = bodies == null ? Map.of() : Map.copyOf(bodies);
  }

  /** The limit of a channel; none when it is not configured. */
  public BodyLimit body(String channel) {
    return bodies.getOrDefault(channel, new BodyLimit(0, 0, null));
  }
}
