package io.iris.api.incident.slack;

import io.iris.api.problem.ApiProblem;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problems the interactivity endpoint answers with, in the application's RFC 9457 style. */
final class SlackProblems {

  private static final Logger log = LoggerFactory.getLogger(SlackProblems.class);

  private SlackProblems() {}

  /** Missing, wrong, or outside the accepted window; logged for an operator's look. */
  static ErrorResponseException invalidSignature(String detail) {
    log.warn("Slack interaction refused: {}", detail);
    ErrorResponseException e =
        problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature", detail);
    e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Signature realm=\"iris-webhooks\"");
    return e;
  }

  /** We cannot check Slack's signatures: the signing secret is not configured. */
  static ErrorResponseException notConfigured(String setting) {
    log.warn("Slack interaction refused: '{}' is not configured", setting);
    return ApiProblem.forbidden(
        "Slack interactions are not accepted: '" + setting + "' is not configured.");
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
