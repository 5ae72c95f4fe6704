package io.iris.api.send.receipts;

import io.iris.api.problem.ApiProblem;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problems a receipt webhook answers with, in the application's RFC 9457 style. */
final class ReceiptProblems {

  private static final Logger log = LoggerFactory.getLogger(ReceiptProblems.class);

  private ReceiptProblems() {}

  /**
   * The signature is missing, wrong, or signs a timestamp outside the accepted window. Logged, as a
   * wrong secret or a forged callback both deserve an operator's look.
   */
  static ErrorResponseException invalidSignature(String provider, String detail) {
    log.warn("{} callback refused: {}", provider, detail);
    ErrorResponseException e =
        problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature", detail);
    e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Signature realm=\"iris-webhooks\"");
    return e;
  }

  /** We cannot check this provider's signatures: its secret or key is not configured. */
  static ErrorResponseException notConfigured(String provider, String setting) {
    log.warn("{} callback refused: '{}' is not configured", provider, setting);
    return ApiProblem.forbidden(
        provider + " callbacks are not accepted: '" + setting + "' is not configured.");
  }

  /** The body is not the provider's payload at all. */
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
