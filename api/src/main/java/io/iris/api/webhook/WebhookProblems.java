package io.iris.api.webhook;

import io.iris.api.problem.ApiProblem;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems every inbound webhook (provider receipts, Slack interactions, PagerDuty) answers
 * with when it refuses a request, in the application's RFC 9457 style.
 */
public final class WebhookProblems {

  private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);

  private WebhookProblems() {}

  /**
   * The signature is missing, wrong, or signs a timestamp outside the accepted window. Logged, as a
   * wrong secret or a forged request both deserve an operator's look.
   *
   * @param source what was refused, e.g. "Twilio callback", "Slack interaction"
   */
  public static ErrorResponseException invalidSignature(String source, String detail) {
    log.warn("{} refused: {}", source, detail);
    ErrorResponseException e =
        problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature", detail);
    e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Signature realm=\"iris-webhooks\"");
    return e;
  }

  /** Signatures cannot be checked: the secret or key is not configured. */
  public static ErrorResponseException notConfigured(String source, String setting) {
    log.warn("{} refused: '{}' is not configured", source, setting);
    return ApiProblem.forbidden(
        source + "s are not accepted: '" + setting + "' is not configured.");
  }

  /** The body is not the expected payload at all. */
  public static ErrorResponseException malformed(String detail) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  public static ErrorResponseException tooLarge(long limit) {
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
