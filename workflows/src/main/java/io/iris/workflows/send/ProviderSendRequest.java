package io.iris.workflows.send;

import java.util.Map;

/**
 * One provider attempt's input.
 *
 * @param idempotencyKey {@code {messageId}:{attempt index}}: the same on every retry with this
 *     provider, passed to the provider so it never sends the message twice
 */
public record ProviderSendRequest(
    String provider,
    String messageId,
    String tenantId,
    Channel channel,
    String to,
    String from,
    String subject,
    String body,
    Map<String, String> metadata,
    String idempotencyKey) {}
