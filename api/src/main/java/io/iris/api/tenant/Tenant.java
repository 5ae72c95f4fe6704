package io.iris.api.tenant;

import java.time.Instant;
import java.util.UUID;

/** A customer of the platform; everything it sends and owns is scoped to it. */
public record Tenant(
    UUID id, String name, String status, String deliveryGuarantee, Instant createdAt) {}
