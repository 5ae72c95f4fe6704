package io.iris.api.incident.pagerduty;

import io.iris.api.problem.ApiProblem;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** What the PagerDuty webhook answers when it refuses a request, as RFC 9457 problems. */
final class PagerDutyProblems {

  private static final Logger log = LoggerFactory.getLogger(PagerDutyProblems.class);

  private PagerDutyProblems() {}

  /** Missing or wrong signature: logged, as a wrong secret or a forgery deserve a look. */
  static ErrorResponseException invalidSignature(String detail) {
    log.warn("PagerDuty webhook refused: {}", detail);
    ErrorResponseException e =
        problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature", detail);
    e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Signature realm=\"iris-webhooks\"");
    return e;
  }

  /** No secret to check signatures with. */
  static ErrorResponseException notConfigured(String setting) {
    log.warn("PagerDuty webhook refused: '{}' is not configured", setting);
    return ApiProblem.forbidden(
        "PagerDuty webhooks are not accepted: '" + setting + "' is not configured.");
  }

  static ErrorResponseException malformed(String detail) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  static ErrorResponseException tooLarge(long limit) {
    return problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "payload-too-large",
        "Payload too large",
        "The request body is larger than " + limit + " bytes.");
  }

  private static ErrorResponseException problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(ApiProblem.TYPE_BASE + type));
    body.setTitle(title);
    return new ErrorResponseException(status, body, null);
  }
}
