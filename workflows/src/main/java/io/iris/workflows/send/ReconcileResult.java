package io.iris.workflows.send;

/**
 * What a provider says of a message after an ambiguous failure.
 *
 * @param askable the provider could be asked at all
 * @param found it has the message (then it must not be sent elsewhere)
 * @param providerMessageId its id when found, else ""
 */
public record ReconcileResult(boolean askable, boolean found, String providerMessageId) {}
