package io.iris.integrations.spi;

/**
 * Why a provider's callback is refused. The protocols say why; the HTTP edge (the api module's one
 * mapping) turns each reason into its RFC 9457 problem. No stack trace: a refusal is an answer.
 */
public final class CallbackRejection extends RuntimeException {

  public enum Reason {
    /** The secret or key to check signatures with is not configured: nothing is accepted. */
    NOT_CONFIGURED,
    /** The signature is missing, wrong, or signs a timestamp outside the accepted window. */
    INVALID_SIGNATURE,
    /** The (authenticated) body is not the payload expected at all. */
    MALFORMED,
    /** The (authenticated) payload lacks a field or has an unacceptable value in it. */
    INVALID_FIELD
  }

  private final Reason reason;
  private final String source;
  private final String subject;

  private CallbackRejection(Reason reason, String source, String subject, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.source = source;
    this.subject = subject;
  }

  /**
   * @param source what is refused, e.g. "Twilio callback"
   * @param setting the key that is not set, e.g. {@code iris.providers.twilio.auth-token}
   */
  public static CallbackRejection notConfigured(String source, String setting) {
    return new CallbackRejection(
        Reason.NOT_CONFIGURED, source, setting, "'" + setting + "' is not configured");
  }

  public static CallbackRejection invalidSignature(String source, String detail) {
    return new CallbackRejection(Reason.INVALID_SIGNATURE, source, "", detail);
  }

  public static CallbackRejection malformed(String detail) {
    return new CallbackRejection(Reason.MALFORMED, "", "", detail);
  }

  /**
   * @param field the field's path in the payload, e.g. {@code data.payload.to[0].status}
   * @param problem what is wrong, phrased to follow the field's name ("is required")
   */
  public static CallbackRejection invalidField(String field, String problem) {
    return new CallbackRejection(Reason.INVALID_FIELD, "", field, problem);
  }

  public Reason reason() {
    return reason;
  }

  /** What was refused (for NOT_CONFIGURED and INVALID_SIGNATURE), else "". */
  public String source() {
    return source;
  }

  /** The setting (NOT_CONFIGURED) or the field (INVALID_FIELD), else "". */
  public String subject() {
    return subject;
  }

  /** For people: what is wrong. */
  public String detail() {
    return getMessage();
  }
}
