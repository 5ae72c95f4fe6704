package io.iris.activities.capacity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Capacity planning ({@code iris.capacity.*}; defaults in iris-platform.yml).
 *
 * @param forecastInterval {@code IRIS_CAPACITY_FORECAST_INTERVAL}: how often the Schedule {@code
 *     capacity-forecast} forecasts (daily)
 * @param horizonDays {@code IRIS_CAPACITY_HORIZON_DAYS}: how far ahead
 * @param historyDays {@code IRIS_CAPACITY_HISTORY_DAYS}: how much history it learns from
 * @param maxMessagesPerDay {@code IRIS_CAPACITY_MAX_MESSAGES_PER_DAY}: what the platform can carry
 *     a day (measure it: docs/benchmarks.md)
 * @param messagesThresholdPercent {@code IRIS_CAPACITY_MESSAGES_THRESHOLD_PERCENT}: the share of it
 *     that is a constraint (80)
 * @param costThresholdPercent {@code IRIS_CAPACITY_COST_THRESHOLD_PERCENT}: the share of the
 *     platform's daily budget ({@code IRIS_COST_PLATFORM_DAILY_BUDGET_USD}) that is one (90)
 * @param warnWithinDays a constraint reached within this many days alerts (30)
 * @param criticalWithinDays within this many, critically (7)
 * @param bandZ the band's half-width in residual standard deviations (1.96: about 95%)
 */
@ConfigurationProperties("iris.capacity")
public record CapacitySettings(
    Duration forecastInterval,
    int horizonDays,
    int historyDays,
    long maxMessagesPerDay,
    int messagesThresholdPercent,
    int costThresholdPercent,
    int warnWithinDays,
    int criticalWithinDays,
    double bandZ) {

  public CapacitySettings {
    if (forecastInterval == null || forecastInterval.isNegative() || forecastInterval.isZero()) {
      throw new IllegalArgumentException(
          "iris.capacity.forecast-interval must be a positive duration, got " + forecastInterval);
    }
    if (horizonDays < 1 || horizonDays > 366) {
      throw new IllegalArgumentException(
          "iris.capacity.horizon-days must be from 1 to 366, got " + horizonDays);
    }
    if (historyDays < 14 || historyDays > 730) {
      throw new IllegalArgumentException(
          "iris.capacity.history-days must be from 14 (two weekly seasons) to 730, got "
              + historyDays);
    }
    if (maxMessagesPerDay < 1) {
      throw new IllegalArgumentException(
          "iris.capacity.max-messages-per-day must be at least 1, got " + maxMessagesPerDay);
    }
    if (messagesThresholdPercent < 1 || messagesThresholdPercent > 100) {
      throw new IllegalArgumentException(
          "iris.capacity.messages-threshold-percent must be from 1 to 100, got "
              + messagesThresholdPercent);
    }
    if (costThresholdPercent < 1 || costThresholdPercent > 100) {
      throw new IllegalArgumentException(
          "iris.capacity.cost-threshold-percent must be from 1 to 100, got "
              + costThresholdPercent);
    }
    if (criticalWithinDays < 0 || warnWithinDays < criticalWithinDays) {
      throw new IllegalArgumentException(
          "iris.capacity.warn-within-days ("
              + warnWithinDays
              + ") must be at least iris.capacity.critical-within-days ("
              + criticalWithinDays
              + "), and both 0 or more");
    }
    if (!(bandZ > 0)) {
      throw new IllegalArgumentException("iris.capacity.band-z must be positive, got " + bandZ);
    }
  }

  /** The defaults of iris-platform.yml, for tests and tools without Spring. */
  public static CapacitySettings defaults() {
    return new CapacitySettings(Duration.ofDays(1), 30, 90, 1_000_000, 80, 90, 30, 7, 1.96);
  }
}
