package io.iris.workflows.cost;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings an opportunity's workflow runs by, taken from configuration when the cycle found it,
 * so a running workflow does not change course when the configuration does.
 *
 * @param autoApply {@code IRIS_COST_AUTO_APPLY}: whether any opportunity is applied without review
 * @param autoApplyMinUsdPerDay {@code IRIS_COST_AUTO_APPLY_MIN_SAVINGS_USD}: an opportunity must
 *     save more than this a day to be applied without review (the seed's $50)
 * @param reviewExpiry {@code IRIS_COST_REVIEW_EXPIRY}: how long a review waits for Approve or
 *     Dismiss before the opportunity expires
 * @param watchInterval {@code IRIS_COST_SWITCH_WATCH_INTERVAL}: how often an applied switch's
 *     delivery is checked
 * @param watchChecks {@code IRIS_COST_SWITCH_WATCH_CHECKS}: how many checks before it is kept
 * @param revertDropPoints {@code IRIS_COST_REVERT_DELIVERY_DROP}: a delivery rate this many points
 *     under the rate before the switch reverts it
 * @param minWatchAttempts {@code IRIS_COST_SWITCH_WATCH_MIN_ATTEMPTS}: a check judges only with at
 *     least this many attempts since the switch
 * @param measureAfter {@code IRIS_COST_SAVINGS_MEASURE_AFTER}: how long after applying the saving
 *     actually achieved is measured
 */
public record CostPolicy(
    boolean autoApply,
    String autoApplyMinUsdPerDay,
    Duration reviewExpiry,
    Duration watchInterval,
    int watchChecks,
    double revertDropPoints,
    long minWatchAttempts,
    Duration measureAfter) {

  public CostPolicy {
    Objects.requireNonNull(autoApplyMinUsdPerDay, "autoApplyMinUsdPerDay");
    Objects.requireNonNull(reviewExpiry, "reviewExpiry");
    Objects.requireNonNull(watchInterval, "watchInterval");
    Objects.requireNonNull(measureAfter, "measureAfter");
    if (watchChecks < 0) {
      throw new IllegalArgumentException("watchChecks must be 0 or more, got " + watchChecks);
    }
  }
}
