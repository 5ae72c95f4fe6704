package io.iris.workflows.send;

/**
 * A provider's status callback, verified and translated, as the workflow receives it.
 *
 * @param provider the provider that sent the callback, e.g. "twilio"
 * @param providerMessageId the provider's id of the message
 * @param status what happened
 * @param errorCode the provider's error code, or "" when none
 * @param detail a short human description, or ""
 * @param eventId the provider's id of this callback (for de-duplication), or ""
 */
public record DeliveryReceipt(
    String provider,
    String providerMessageId,
    ReceiptStatus status,
    String errorCode,
    String detail,
    String eventId) {}
