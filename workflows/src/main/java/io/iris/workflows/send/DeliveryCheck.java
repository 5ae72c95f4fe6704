package io.iris.workflows.send;

/**
 * A provider's answer when asked for a message's delivery status.
 *
 * @param known the provider could be asked and knew the message
 * @param status its status when known (else SENT)
 */
public record DeliveryCheck(boolean known, ReceiptStatus status) {}
