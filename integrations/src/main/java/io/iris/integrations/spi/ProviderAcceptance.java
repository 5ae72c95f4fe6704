package io.iris.integrations.spi;

import java.math.BigDecimal;

/**
 * The provider took the message.
 *
 * @param providerMessageId the provider's id for it (Twilio SID, SendGrid X-Message-Id, …)
 * @param costUsd what this send costs, from the provider's answer or the configured price
 * @param deliveredOnAccept true for channels without delivery receipts (Slack, Teams, webhooks,
 *     push), where the provider's acceptance is the delivery
 */
public record ProviderAcceptance(
    String providerMessageId, BigDecimal costUsd, boolean deliveredOnAccept) {}
