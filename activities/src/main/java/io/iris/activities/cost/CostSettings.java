package io.iris.activities.cost;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cost intelligence ({@code iris.cost.*}; defaults in iris-platform.yml).
 *
 * @param forecastWindow {@code IRIS_COST_FORECAST_WINDOW}: today's forecast is today's spend so far
 *     plus this window's hourly rate for the hours left
 * @param trendFlatPercent {@code IRIS_COST_TREND_FLAT_PERCENT}: a change within it is "flat"
 */
@ConfigurationProperties("iris.cost")
public record CostSettings(Duration forecastWindow, double trendFlatPercent) {

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
  }
}
