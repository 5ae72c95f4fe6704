package io.iris.integrations.spi;

import io.iris.workflows.send.Channel;
import java.util.Map;
import java.util.UUID;

/**
 * What an adapter sends.
 *
 * @param messageId our id of the message (carried to the provider where it allows custom data, and
 *     in status-callback URLs, so receipts find their message)
 * @param tenantId the tenant's id
 * @param to the recipient: E.164 phone number, email address, Slack channel id, webhook URL or
 *     device token, by channel
 * @param from the sender, or "" for the provider's configured default
 * @param subject the subject (email, push title), or ""
 * @param body the text
 * @param metadata the caller's metadata, passed where the provider carries custom data
 * @param idempotencyKey unique per message and provider attempt; the same on every retry
 */
public record OutboundMessage(
    UUID messageId,
    String tenantId,
    Channel channel,
    String to,
    String from,
    String subject,
    String body,
    Map<String, String> metadata,
    String idempotencyKey) {}
