package io.iris.api.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer of the platform; everything it sends and owns is scoped to it.
 *
 * @param routingRequirements what it asks of the providers that carry its messages (each null when
 *     it asks nothing of that kind)
 */
public record Tenant(
    UUID id,
    String name,
    String status,
    String deliveryGuarantee,
    RoutingRequirements routingRequirements,
    Instant createdAt) {

  /**
   * What a tenant asks of its providers; the router leaves out a provider that does not meet them
   * (unless none does: then the least bad still carries the message, with the reason saying so).
   *
   * @param minDeliveryRatePercent the lowest delivery rate, in percent (0–100)
   * @param maxLatencyMs the highest mean provider call latency, in milliseconds
   * @param maxCostPerMessageUsd the highest cost of one message, in US dollars
   */
  public record RoutingRequirements(
      BigDecimal minDeliveryRatePercent, Long maxLatencyMs, BigDecimal maxCostPerMessageUsd) {}
}
