package io.iris.integrations.spi;

import io.iris.workflows.send.DeliveryReceipt;
import java.util.UUID;

/**
 * A verified receipt and the message it is for.
 *
 * @param messageId our message id, carried in the callback URL or the provider's custom data
 */
public record ReceivedReceipt(UUID messageId, DeliveryReceipt receipt) {}
