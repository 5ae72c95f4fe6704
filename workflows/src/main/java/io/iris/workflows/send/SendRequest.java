package io.iris.workflows.send;

import java.util.Map;

/**
 * One message to send, as the API accepted it (templates already rendered).
 *
 * @param messageId our id (a UUID); the workflow id is {@code message-{messageId}}
 * @param tenantId the tenant's id
 * @param channel the channel
 * @param to the recipient
 * @param from the sender, or "" for the provider's default
 * @param subject the subject, or ""
 * @param body the text
 * @param priority "low", "normal" or "high"
 * @param metadata the caller's metadata, passed on to providers that carry custom data
 * @param batchId the bulk batch this message belongs to, or ""
 */
public record SendRequest(
    String messageId,
    String tenantId,
    Channel channel,
    String to,
    String from,
    String subject,
    String body,
    String priority,
    Map<String, String> metadata,
    String batchId) {}
