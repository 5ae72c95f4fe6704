package io.iris.workflows.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a tenant asks of the providers that carry its messages (seed 000 lines 1489-1501). A
 * provider that misses any of them is not a candidate for that tenant's sends, as long as another
 * one meets them all (see {@link Router}).
 *
 * <p>The comparisons are the seed's: a delivery rate below the minimum misses (equal meets it), a
 * latency or cost above the maximum misses (equal meets it). A figure the window does not have (no
 * outcome yet, so no delivery rate; no call yet, so no latency) misses the requirement on it: an
 * unknown rate is not known to meet a minimum.
 *
 * @param minDeliveryRatePercent the lowest acceptable delivery rate, in percent (seed: 98)
 * @param maxLatencyMs the highest acceptable mean provider-call latency, in milliseconds (seed:
 *     1000)
 * @param maxCostPerMessageUsd the highest acceptable cost of one message, in USD
 */
public record TenantRequirements(
    Optional<BigDecimal> minDeliveryRatePercent,
    OptionalLong maxLatencyMs,
    Optional<BigDecimal> maxCostPerMessageUsd) {

  /** No requirement: every provider qualifies. */
  public static final TenantRequirements NONE =
      new TenantRequirements(Optional.empty(), OptionalLong.empty(), Optional.empty());

  /** One requirement, as the reason of a decision names it. */
  public enum Requirement {
    MIN_DELIVERY_RATE,
    MAX_LATENCY,
    MAX_COST
  }

  public TenantRequirements {
    Objects.requireNonNull(minDeliveryRatePercent, "minDeliveryRatePercent");
    Objects.requireNonNull(maxLatencyMs, "maxLatencyMs");
    Objects.requireNonNull(maxCostPerMessageUsd, "maxCostPerMessageUsd");
    minDeliveryRatePercent.ifPresent(
        rate -> {
          if (rate.signum() < 0 || rate.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("minDeliveryRatePercent must be from 0 to 100");
          }
        });
    if (maxLatencyMs.isPresent() && maxLatencyMs.getAsLong() < 0) {
      throw new IllegalArgumentException("maxLatencyMs must not be negative");
    }
    maxCostPerMessageUsd.ifPresent(
        cost -> {
          if (cost.signum() < 0) {
            throw new IllegalArgumentException("maxCostPerMessageUsd must not be negative");
          }
        });
  }

  public TenantRequirements withMinDeliveryRatePercent(BigDecimal percent) {
    return new TenantRequirements(Optional.of(percent), maxLatencyMs, maxCostPerMessageUsd);
  }

  public TenantRequirements withMaxLatencyMs(long millis) {
    return new TenantRequirements(
        minDeliveryRatePercent, OptionalLong.of(millis), maxCostPerMessageUsd);
  }

  public TenantRequirements withMaxCostPerMessageUsd(BigDecimal usd) {
    return new TenantRequirements(minDeliveryRatePercent, maxLatencyMs, Optional.of(usd));
  }

  /** The requirements these figures miss, in the order of {@link Requirement}; empty when met. */
  public List<Requirement> missedBy(ProviderMetrics metrics) {
    List<Requirement> missed = new ArrayList<>(3);
    if (minDeliveryRatePercent.isPresent()
        && !metrics.deliveryRateAtLeast(minDeliveryRatePercent.get())) {
      missed.add(Requirement.MIN_DELIVERY_RATE);
    }
    if (maxLatencyMs.isPresent()
        && (!metrics.hasLatency() || metrics.callLatencyMeanMs() > maxLatencyMs.getAsLong())) {
      missed.add(Requirement.MAX_LATENCY);
    }
    if (maxCostPerMessageUsd.isPresent()
        && metrics.costPerMessageUsd().compareTo(maxCostPerMessageUsd.get()) > 0) {
      missed.add(Requirement.MAX_COST);
    }
    return List.copyOf(missed);
  }
}
