package io.iris.api.send;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.common.converter.DataConverterException;
import java.util.Locale;

/**
 * What one attempt to start a send's workflow came to: started (or found running: the workflow id
 * is the message id), refused for good (trying again cannot help), or failed for now.
 *
 * @param code for a refusal, the message's error code
 * @param reason for a failure or refusal, what went wrong
 */
record StartOutcome(Kind kind, String code, String reason) {

  enum Kind {
    STARTED,
    REFUSED,
    FAILED
  }

  /** Temporal answered with a refusal that will not change: the message ends failed at once. */
  static final String START_REFUSED = "start_refused";

  /** The workflow input is above {@code iris.send.max-start-payload-bytes}. */
  static final String PAYLOAD_TOO_LARGE = "payload_too_large";

  /** Every allowed start attempt failed ({@code iris.send.outbox-max-attempts}). */
  static final String START_ATTEMPTS_EXHAUSTED = "start_attempts_exhausted";

  /** The error codes of a message that ended because its workflow could not be started. */
  static final java.util.Set<String> CODES =
      java.util.Set.of(START_REFUSED, PAYLOAD_TOO_LARGE, START_ATTEMPTS_EXHAUSTED);

  static final StartOutcome STARTED = new StartOutcome(Kind.STARTED, "", "");

  static StartOutcome refused(String code, String reason) {
    return new StartOutcome(Kind.REFUSED, code, reason);
  }

  static StartOutcome failed(String reason) {
    return new StartOutcome(Kind.FAILED, "", reason);
  }

  /**
   * Classifies a start's exception by the gRPC status under it. Refusals: INVALID_ARGUMENT (among
   * them the server's "Blob data size exceeds limit"), a request larger than the server's gRPC
   * message limit, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED, and an argument the data
   * converter cannot encode. Everything else — UNAVAILABLE, DEADLINE_EXCEEDED, connection refused,
   * RESOURCE_EXHAUSTED (rate limits), INTERNAL, NOT_FOUND (a namespace not registered yet),
   * UNAUTHENTICATED — may pass, and is retried with backoff up to the attempt limit.
   */
  static StartOutcome of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataConverterException) {
        return refused(START_REFUSED, "the send cannot be encoded: " + t.getMessage());
      }
      if (t instanceof StatusRuntimeException grpc) {
        Status status = grpc.getStatus();
        String reason = "Temporal answered " + status.getCode() + describe(status);
        return switch (status.getCode()) {
          case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED ->
              refused(START_REFUSED, reason);
          case RESOURCE_EXHAUSTED ->
              tooLargeForTheServer(status) ? refused(START_REFUSED, reason) : failed(reason);
          default -> failed(reason);
        };
      }
    }
    return failed(String.valueOf(failure.getMessage()));
  }

  /** gRPC's own message size limit answers RESOURCE_EXHAUSTED; that one never passes. */
  private static boolean tooLargeForTheServer(Status status) {
    String description = status.getDescription();
    return description != null && description.toLowerCase(Locale.ROOT).contains("larger than max");
  }

  private static String describe(Status status) {
    return status.getDescription() == null ? "" : ": " + status.getDescription();
  }
}
