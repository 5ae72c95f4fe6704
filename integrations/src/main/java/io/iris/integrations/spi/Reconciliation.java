package io.iris.integrations.spi;

/**
 * What the provider says of a message after a send whose outcome is unknown.
 *
 * @param state whether the provider has it
 * @param providerMessageId its id when found, else ""
 */
public record Reconciliation(State state, String providerMessageId) {

  public enum State {
    /** The provider has the message: it was sent, do not send it again. */
    FOUND,
    /**
     * The provider answered in full and does not have it: it is safe to send elsewhere. Never the
     * result of a failed or partial answer.
     */
    NOT_FOUND,
    /**
     * The provider cannot be asked, or its answer cannot settle it (e.g. more history than is paged
     * through): whether it has the message stays unknown.
     */
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
