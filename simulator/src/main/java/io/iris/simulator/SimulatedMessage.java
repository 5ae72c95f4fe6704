package io.iris.simulator;

import java.time.Instant;

/**
 * What a simulated provider received, as {@code GET /sim/{provider}/messages} shows it.
 *
 * @param id the provider's id of the message (Twilio SID, Telnyx id, SendGrid X-Message-Id, …)
 * @param idempotencyKey the key the request carried, or "" when the provider has none
 * @param status the provider's own word for where the message is ("queued", "delivered", …)
 * @param attempts how many requests carried the same idempotency key (without one: the same
 *     recipient and content), failed ones included
 */
public record SimulatedMessage(
    String id,
    String to,
    String from,
    String subject,
    String body,
    String idempotencyKey,
    Instant receivedAt,
    String status,
    int attempts) {}
