/**
 * Provider status callbacks (delivery receipts): each webhook verifies its provider's signature on
 * the raw request body, translates the callback into a {@link
 * io.iris.workflows.send.DeliveryReceipt} and hands it to the {@link
 * io.iris.api.send.ReceiptDispatcher}. These routes are outside {@code /v1}: the signature, not an
 * API key, authenticates the caller.
 */
package io.iris.api.send.receipts;
