package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one provider did on one channel over one window: the figures the seed's scoring tables take
 * (seed 000 §7.1, lines 1374-1380 and 1415-1418: delivery rate, average latency, cost per message,
 * uptime), kept as counts where the rate is derived so the table steps are compared exactly.
 *
 * <p>Delivery rate: {@code delivered / (delivered + failed)}. Only attempts whose outcome is known
 * count; a message still waiting for its receipt counts in neither, so a slow receipt does not read
 * as a failure. The seed names a single {@code delivery_rate} (line 1377) without defining it; this
 * is the choice.
 *
 * <p>Latency: the seed scores {@code avg_latency_ms} (line 1378) and its thresholds (100 ms, 500
 * ms, 1 s) are those of a provider API call, not of a delivery receipt, so the score and the
 * tenant's maximum latency use {@link #callLatencyMeanMs} (a mean also combines exactly across
 * per-minute rows, percentiles do not). The percentiles are carried for display.
 *
 * @param provider the provider's name as configured (e.g. {@code twilio})
 * @param channel the channel these figures are for
 * @param attempts provider calls made in the window
 * @param accepted calls the provider accepted
 * @param delivered attempts confirmed delivered (a receipt, or acceptance on a channel without
 *     receipts)
 * @param failed attempts that ended without delivery: rejected by the provider, or a failed or
 *     undelivered receipt
 * @param callLatencyMeanMs mean duration of a provider call, in milliseconds (0 without attempts)
 * @param callLatencyP50Ms median provider-call duration, milliseconds
 * @param callLatencyP95Ms 95th percentile provider-call duration, milliseconds
 * @param callLatencyP99Ms 99th percentile provider-call duration, milliseconds
 * @param costPerMessageUsd what one message costs with this provider, in USD
 * @param uptimePercent share of the window the provider was reachable, 0 to 100
 */
public record ProviderMetrics(
    String provider,
    Channel channel,
    long attempts,
    long accepted,
    long delivered,
    long failed,
    double callLatencyMeanMs,
    double callLatencyP50Ms,
    double callLatencyP95Ms,
    double callLatencyP99Ms,
    BigDecimal costPerMessageUsd,
    BigDecimal uptimePercent) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public ProviderMetrics {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(costPerMessageUsd, "costPerMessageUsd");
    Objects.requireNonNull(uptimePercent, "uptimePercent");
    if (provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank");
    }
    requireCount("attempts", attempts);
    requireCount("accepted", accepted);
    requireCount("delivered", delivered);
    requireCount("failed", failed);
    requireMillis("callLatencyMeanMs", callLatencyMeanMs);
    requireMillis("callLatencyP50Ms", callLatencyP50Ms);
    requireMillis("callLatencyP95Ms", callLatencyP95Ms);
    requireMillis("callLatencyP99Ms", callLatencyP99Ms);
    if (costPerMessageUsd.signum() < 0) {
      throw new IllegalArgumentException("costPerMessageUsd must not be negative");
    }
    if (uptimePercent.signum() < 0 || uptimePercent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException("uptimePercent must be from 0 to 100");
    }
  }

  /** Attempts whose outcome is known: delivered or failed. */
  public long outcomes() {
    return delivered + failed;
  }

  /** Whether the window holds a known outcome, so a delivery rate exists. */
  public boolean hasDeliveryRate() {
    return outcomes() > 0;
  }

  /** Whether the window holds a provider call, so a latency exists. */
  public boolean hasLatency() {
    return attempts > 0;
  }

  /**
   * The delivery rate in percent (for display and the below-95% slope); 0 without outcomes. Table
   * steps use {@link #deliveryRateAtLeast}, which is exact.
   */
  public double deliveryRatePercent() {
    return hasDeliveryRate() ? delivered * 100.0 / outcomes() : 0;
  }

  /**
   * Whether the delivery rate is at least {@code percent}, compared exactly ({@code delivered × 100
   * >= percent × outcomes}); false without outcomes (an unknown rate meets no step).
   */
  public boolean deliveryRateAtLeast(BigDecimal percent) {
    return hasDeliveryRate()
        && BigDecimal.valueOf(delivered)
                .multiply(HUNDRED)
                .compareTo(percent.multiply(BigDecimal.valueOf(outcomes())))
            >= 0;
  }

  private static void requireCount(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  private static void requireMillis(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite duration >= 0, got " + value);
    }
  }
}
