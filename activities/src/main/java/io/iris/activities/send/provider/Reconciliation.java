package io.iris.activities.send.provider;

/**
 * What the provider says of a message after an ambiguous failure.
 *
 * @param state whether the provider has it
 * @param providerMessageId its id when found, else ""
 */
public record Reconciliation(State state, String providerMessageId) {

  public enum State {
    /** The provider has the message: it was sent, do not send it again. */
    FOUND,
    /** The provider does not have it: it is safe to send elsewhere. */
    NOT_FOUND,
    /** The provider cannot be asked. */
    UNSUPPORTED
  }

  public static Reconciliation found(String providerMessageId) {
    return new Reconciliation(State.FOUND, providerMessageId);
  }

  public static Reconciliation notFound() {
    return new Reconciliation(State.NOT_FOUND, "");
  }

  public static Reconciliation unsupported() {
    return new Reconciliation(State.UNSUPPORTED, "");
  }
}
