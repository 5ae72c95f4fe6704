package io.iris.activities.routing;

import io.iris.integrations.spi.ProviderException;

/**
 * How one provider call ended, as the health metrics count it and the breaker judges it. A call is
 * a failure of the provider when it could not take the message (unreachable, timed out, our
 * credentials refused, rate limited, an unexpected error); a refused recipient or request is the
 * message's problem, not the provider's, and never reaches the breaker.
 */
public enum CallOutcome {
  /** The provider took the message ({@code system_health_metrics.accepted}). */
  ACCEPTED(false),
  /** The provider refused the recipient or the request ({@code rejected}). */
  REJECTED(false),
  /** No answer, a 5xx or a network failure, or no answer in time ({@code unavailable}). */
  UNAVAILABLE(true),
  /** A 429 ({@code rate_limited}). */
  RATE_LIMITED(true),
  /** Our credentials refused, or an unexpected error (counted in {@code attempts} only). */
  ERROR(true);

  private final boolean failure;

  CallOutcome(boolean failure) {
    this.failure = failure;
  }

  /** Whether the call counts against the provider (the breaker's failure share). */
  public boolean failure() {
    return failure;
  }

  /** The outcome of a call that failed with {@code kind}. */
  public static CallOutcome of(ProviderException.Kind kind) {
    return switch (kind) {
      case TIMEOUT, UNAVAILABLE -> UNAVAILABLE;
      case RATE_LIMITED -> RATE_LIMITED;
      case INVALID_RECIPIENT, REJECTED -> REJECTED;
      case UNAUTHORIZED -> ERROR;
    };
  }
}
