package io.iris.workflows.send;

import java.util.List;

/** The failure types provider activities raise (names of {@code ApplicationFailure} types). */
public final class SendFailures {
  /** No answer in time: the provider may have the message. Retried with the same key. */
  public static final String TIMEOUT = "TIMEOUT";

  public static final String UNAVAILABLE = "UNAVAILABLE";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String INVALID_RECIPIENT = "INVALID_RECIPIENT";
  public static final String REJECTED = "REJECTED";
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER";

  /** Failures that retrying with the same provider cannot fix. */
  public static final List<String> NOT_RETRYABLE =
      List.of(INVALID_RECIPIENT, REJECTED, UNAUTHORIZED, UNKNOWN_PROVIDER);

  private SendFailures() {}
}
