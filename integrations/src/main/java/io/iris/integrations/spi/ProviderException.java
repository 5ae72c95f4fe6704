package io.iris.integrations.spi;

import java.time.Duration;
import java.util.Optional;

/** A provider call failed. {@link #kind()} decides what the send does next. */
public class ProviderException extends RuntimeException {

  public enum Kind {
    /** No answer in time: the provider may or may not have the message (reconcile first). */
    TIMEOUT,
    /** 5xx or a network failure: retry, then fail over. */
    UNAVAILABLE,
    /** 429: retry after {@link #retryAfter()}, then fail over. */
    RATE_LIMITED,
    /** The recipient is invalid (bad number, address, token, channel): permanent, no failover. */
    INVALID_RECIPIENT,
    /** The provider refused this request for another reason (4xx): do not retry, fail over. */
    REJECTED,
    /** Our credentials were refused (401/403): do not retry, fail over. */
    UNAUTHORIZED
  }

  private final Kind kind;
  private final String provider;
  private final int httpStatus;
  private final String providerCode;
  private final Duration retryAfter;

  /**
   * @param message a description safe to show and log: never credentials or message bodies
   */
  public ProviderException(
      Kind kind,
      String provider,
      int httpStatus,
      String providerCode,
      String message,
      Duration retryAfter,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.provider = provider;
    this.httpStatus = httpStatus;
    this.providerCode = providerCode == null ? "" : providerCode;
    this.retryAfter = retryAfter;
  }

  public ProviderException(
      Kind kind, String provider, int httpStatus, String providerCode, String message) {
    this(kind, provider, httpStatus, providerCode, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  public String provider() {
    return provider;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  public String providerCode() {
    return providerCode;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
