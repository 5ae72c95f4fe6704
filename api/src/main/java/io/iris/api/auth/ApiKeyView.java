package io.iris.api.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * What may be shown of an API key: never the key itself, never its hash.
 *
 * @param status active, expiring (rotated, in its grace period), expired or revoked
 */
public record ApiKeyView(
    UUID id,
    String name,
    String scope,
    UUID tenantId,
    String prefix,
    String status,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    UUID rotatedTo,
    Instant lastUsedAt) {}
