package io.iris.workflows.send;

import java.math.BigDecimal;

/**
 * One provider attempt of a send: the provider's own retries with the same idempotency key count as
 * one attempt.
 *
 * @param outcome "accepted", "failed", "invalid_recipient", "reconciled", "switched_away" or
 *     "cancelled"
 * @param error what went wrong, or ""
 * @param providerMessageId the provider's id when accepted, else ""
 * @param atMillis when the attempt ended (workflow time)
 */
public record AttemptRecord(
    String provider,
    String attemptKey,
    String outcome,
    String error,
    String providerMessageId,
    BigDecimal costUsd,
    long atMillis,
    long durationMs) {}
