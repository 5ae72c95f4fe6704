package io.iris.integrations.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {

  /** Longer waits than this are not believed: the send fails over instead of sleeping for days. */
  public static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * The wait the header asks for, capped at {@link #MAX}; empty when it is absent or unreadable. An
   * HTTP-date in the past means no wait.
   */
  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      // More digits than a long holds still means "a very long time".
      Duration wait = value.length() > 9 ? MAX : Duration.ofSeconds(Long.parseLong(value));
      return Optional.of(min(wait, MAX));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait, MAX));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
