package io.iris.simulator;

/**
 * A send request as a simulated provider sees it, before it is accepted.
 *
 * @param idempotencyKey the request's idempotency key, or "" when it carries none
 */
record Incoming(String to, String from, String subject, String body, String idempotencyKey) {

  Incoming {
    to = orEmpty(to);
    from = orEmpty(from);
    subject = orEmpty(subject);
    body = orEmpty(body);
    idempotencyKey = orEmpty(idempotencyKey);
  }

  /** Requests for the same message: the same key, or without a key the same recipient and text. */
  String attemptKey() {
    return idempotencyKey.isEmpty()
        ? "content:" + to + '\u0000' + subject + '\u0000' + body
        : "key:" + idempotencyKey;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
