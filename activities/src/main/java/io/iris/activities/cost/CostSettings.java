package io.iris.activities.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cost intelligence ({@code iris.cost.*}; defaults in iris-platform.yml).
 *
 * @param forecastWindow {@code IRIS_COST_FORECAST_WINDOW}: today's forecast is today's spend so far
 *     plus this window's hourly rate for the hours left
 * @param trendFlatPercent {@code IRIS_COST_TREND_FLAT_PERCENT}: a change within it is "flat"
 * @param platformDailyBudgetUsd {@code IRIS_COST_PLATFORM_DAILY_BUDGET_USD}: the whole platform's
 *     daily budget, alerted on like a tenant's (0: none)
 * @param budgetAlertThresholds {@code IRIS_COST_BUDGET_ALERT_THRESHOLDS}: the percentages of a
 *     budget that alert, each once per period
 * @param budgetCheckInterval {@code IRIS_COST_BUDGET_CHECK_INTERVAL}: how often the Schedule {@code
 *     budget-check} compares spend with the budgets
 * @param budgetRefreshInterval {@code IRIS_COST_BUDGET_REFRESH_INTERVAL}: how often each process
 *     re-reads which tenants are over a hard-stop budget (sends check it in memory)
 */
@ConfigurationProperties("iris.cost")
public record CostSettings(
    Duration forecastWindow,
    double trendFlatPercent,
    BigDecimal platformDailyBudgetUsd,
    List<Integer> budgetAlertThresholds,
    Duration budgetCheckInterval,
    Duration budgetRefreshInterval) {

  public CostSettings {
    if (forecastWindow == null
        || forecastWindow.compareTo(Duration.ofHours(1)) < 0
        || forecastWindow.toMinutes() % 60 != 0) {
      throw new IllegalArgumentException(
          "iris.cost.forecast-window must be a whole number of hours (the roll-ups are hourly),"
              + " at least 1h, got "
              + forecastWindow);
    }
    if (!(trendFlatPercent >= 0)) {
      throw new IllegalArgumentException(
          "iris.cost.trend-flat-percent must be 0 or more, got " + trendFlatPercent);
    }
    platformDailyBudgetUsd =
        platformDailyBudgetUsd == null ? BigDecimal.ZERO : platformDailyBudgetUsd;
    if (platformDailyBudgetUsd.signum() < 0) {
      throw new IllegalArgumentException(
          "iris.cost.platform-daily-budget-usd must be 0 (none) or more, got "
              + platformDailyBudgetUsd);
    }
    budgetAlertThresholds =
        budgetAlertThresholds == null || budgetAlertThresholds.isEmpty()
            ? List.of(75, 90, 100)
            : budgetAlertThresholds.stream().sorted().distinct().toList();
    for (int t : budgetAlertThresholds) {
      if (t < 1 || t > 1000) {
        throw new IllegalArgumentException(
            "iris.cost.budget-alert-thresholds must be percentages from 1 to 1000, got " + t);
      }
    }
    requirePositive("iris.cost.budget-check-interval", budgetCheckInterval);
    requirePositive("iris.cost.budget-refresh-interval", budgetRefreshInterval);
  }

  /** The defaults of iris-platform.yml, for tests and tools without Spring. */
  public static CostSettings defaults() {
    return new CostSettings(
        Duration.ofHours(3),
        5,
        BigDecimal.ZERO,
        List.of(75, 90, 100),
        Duration.ofMinutes(1),
        Duration.ofSeconds(5));
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
    }
  }
}
