package io.iris.api.webhook;

import io.iris.api.problem.ApiProblem;
import io.iris.integrations.spi.CallbackRejection;
import java.net.URI;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The one place inbound callbacks (provider receipts, Slack interactions, PagerDuty) are refused in
 * the application's RFC 9457 style: the integrations module says why a callback is refused ({@link
 * CallbackRejection}), this says how that is answered.
 */
public final class WebhookProblems {

  private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);

  private WebhookProblems() {}

  /** Runs a step of an inbound door, answering its refusal as a problem. */
  public static <T> T admit(Supplier<T> step) {
    try {
      return step.get();
    } catch (CallbackRejection rejection) {
      throw of(rejection);
    }
  }

  /** The problem that answers a refused callback. */
  public static ErrorResponseException of(CallbackRejection rejection) {
    return switch (rejection.reason()) {
      case NOT_CONFIGURED -> notConfigured(rejection.source(), rejection.subject());
      case INVALID_SIGNATURE -> invalidSignature(rejection.source(), rejection.detail());
      case MALFORMED -> malformed(rejection.detail());
      case INVALID_FIELD -> ApiProblem.invalidField(rejection.subject(), rejection.detail());
    };
  }

  /**
   * 401: the signature is missing, wrong, or signs a timestamp outside the accepted window. Logged,
   * as a wrong secret or a forged request both deserve an operator's look.
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

  /** 403: signatures cannot be checked, the secret or key is not configured. */
  public static ErrorResponseException notConfigured(String source, String setting) {
    log.warn("{} refused: '{}' is not configured", source, setting);
    return ApiProblem.forbidden(
        source + "s are not accepted: '" + setting + "' is not configured.");
  }

  /** 400: the body is not the expected payload at all. */
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
