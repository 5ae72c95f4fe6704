package io.iris.workflows.send;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the send workflow knows of its message: the answer to the status query and the workflow's
 * result.
 *
 * @param provider the provider that took the message, or ""
 * @param providerMessageId its id there, or ""
 * @param error why the message failed, or ""
 */
public record MessageState(
    String messageId,
    MessageStatus status,
    String provider,
    String providerMessageId,
    BigDecimal costUsd,
    List<AttemptRecord> attempts,
    String error) {}
