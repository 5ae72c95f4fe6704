package io.iris.api.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An RFC 9457 problem raised by our own code. Its {@code type} is a stable URI per kind of problem,
 * so clients can branch on it; {@code detail} is for people.
 */
public class ApiProblem extends ErrorResponseException {

  /** The base of our problem type URIs. */
  public static final String TYPE_BASE = "https://iris.dev/problems/";

  private ApiProblem(HttpStatus status, String type, String title, String detail) {
    super(status, problem(status, type, title, detail), null);
  }

  static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  public static ApiProblem notFound(String what, String id) {
    return new ApiProblem(
        HttpStatus.NOT_FOUND, "not-found", "Not found", "No " + what + " with id '" + id + "'.");
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
  }

  /** 422: an Idempotency-Key came back with a different request (DESIGN §5). */
  public static ApiProblem idempotencyKeyReused(String detail) {
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "idempotency-key-reused",
        "Idempotency key reused",
        detail);
  }

  /** 503: a dependency (Temporal, the database) did not answer; the request may be retried. */
  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail);
  }

  /**
   * 429: the tenant sends faster than its throttle allows; {@code Retry-After} says when to try
   * again. Nothing was accepted.
   */
  public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
    ApiProblem problem =
        new ApiProblem(
            HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests", detail);
    long seconds = Math.max(1, retryAfterSeconds);
    problem
        .getHeaders()
        .set(org.springframework.http.HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
    problem.getBody().setProperty("retryAfterSeconds", seconds);
    return problem;
  }

  /** 413: the request body is larger than the API takes. */
  public static ApiProblem payloadTooLarge(long limit) {
    return new ApiProblem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "payload-too-large",
        "Payload too large",
        "The request body is larger than " + limit + " bytes, the most this API takes.");
  }

  /** A query parameter (or the path) that is not acceptable; names it. */
  public static ApiProblem invalidParameter(String parameter, String message) {
    ApiProblem problem =
        new ApiProblem(
            HttpStatus.BAD_REQUEST,
            "invalid-request",
            "Invalid request",
            "Parameter '" + parameter + "' " + message + ".");
    problem
        .getBody()
        .setProperty("errors", List.of(Map.of("field", parameter, "message", message)));
    return problem;
  }

  /** A request value that is well-formed JSON but not acceptable; names the field. */
  public static ApiProblem invalidField(String field, String message) {
    ApiProblem problem =
        new ApiProblem(
            HttpStatus.BAD_REQUEST,
            "invalid-request",
            "Invalid request",
            "Field '" + field + "' " + message + ".");
    problem.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return problem;
  }

  /**
   * 413: a message (or a batch page) would make a workflow input larger than Temporal takes ({@code
   * iris.send.max-start-payload-bytes}); names the field that makes it so.
   */
  public static ApiProblem messageTooLarge(
      String field, int sizeBytes, int limitBytes, String detail) {
    ApiProblem problem =
        new ApiProblem(
            HttpStatus.PAYLOAD_TOO_LARGE, "message-too-large", "Message too large", detail);
    problem
        .getBody()
        .setProperty(
            "errors",
            List.of(
                Map.of(
                    "field",
                    field,
                    "message",
                    "makes the message " + sizeBytes + " bytes; at most " + limitBytes)));
    problem.getBody().setProperty("sizeBytes", sizeBytes);
    problem.getBody().setProperty("limitBytes", limitBytes);
    return problem;
  }
}
