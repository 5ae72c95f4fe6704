package io.iris.workflows.send;

import java.math.BigDecimal;

/**
 * The provider took the message.
 *
 * @param deliveredOnAccept the channel has no receipts: acceptance is delivery
 */
public record ProviderSendResult(
    String providerMessageId, BigDecimal costUsd, boolean deliveredOnAccept) {}
