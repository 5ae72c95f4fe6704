package io.iris.workflows.send;

import java.math.BigDecimal;

/** The end of a send, for the message row and the analytics stream. */
public record MessageFinal(
    String messageId,
    String tenantId,
    Channel channel,
    MessageStatus status,
    String provider,
    String providerMessageId,
    BigDecimal costUsd,
    int attemptCount,
    String errorCode,
    String errorMessage,
    long acceptedAtMillis,
    long completedAtMillis) {}
