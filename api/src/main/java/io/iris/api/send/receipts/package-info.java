/**
 * The doors of the providers' status callbacks (delivery receipts): {@link ReceiptCallbackDoors}
 * reads each raw request and hands it to its provider's package in the integrations module, which
 * verifies the signature on the raw body and then reads it into {@link
 * io.iris.workflows.send.DeliveryReceipt}s; the {@link ReceiptForwarder} passes them to the {@link
 * io.iris.api.send.ReceiptDispatcher}. These routes are outside {@code /v1}: the signature, not an
 * API key, authenticates the caller.
 */
package io.iris.api.send.receipts;
