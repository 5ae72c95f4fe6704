package io.iris.workflows.cost;

/**
 * Delivery on a channel since a cost switch, against the rate before it.
 *
 * @param attempts the new provider's finished sends on the channel since the switch
 * @param deliveryRatePercent their delivery rate (0 with no attempts)
 * @param baselinePercent the rate the previous provider had before the switch
 */
public record SwitchQuality(long attempts, double deliveryRatePercent, double baselinePercent) {

  /** Whether the policy reverts the switch: enough attempts, and a rate too far under the old. */
  public boolean dropped(CostPolicy policy) {
    return attempts >= policy.minWatchAttempts()
        && deliveryRatePercent < baselinePercent - policy.revertDropPoints();
  }
}
