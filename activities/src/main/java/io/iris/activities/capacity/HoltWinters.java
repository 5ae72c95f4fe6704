package io.iris.activities.capacity;

import java.util.Arrays;

/**
 * Additive Holt-Winters (level, trend and a season of {@code period} steps) with its smoothing
 * factors chosen by the least one-step squared error over a small grid, and a prediction band from
 * the one-step residuals' spread, widening with the square root of the horizon. No maintained Java
 * library offers a seasonal exponential-smoothing forecast; this one is small and its accuracy is
 * tested on series of known trend and season.
 */
public final class HoltWinters {

  /** The grid each smoothing factor is chosen from. */
  static final double[] GRID = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};

  /** A forecast: the value of each future step and its band. */
  public record Forecast(
      double[] value,
      double[] lower,
      double[] upper,
      double alpha,
      double beta,
      double gamma,
      double residualStd) {}

  private HoltWinters() {}

  /**
   * Forecasts {@code horizon} steps after {@code series}. With fewer than two full seasons it falls
   * back to Holt's linear trend (no season); with fewer than two points, to the last value.
   *
   * @param z the band's half-width in residual standard deviations (1.96: about 95%)
   */
  public static Forecast forecast(double[] series, int period, int horizon, double z) {
    if (series.length < 2) {
      double last = series.length == 0 ? 0 : series[0];
      double[] v = new double[horizon];
      Arrays.fill(v, last);
      return new Forecast(v, v.clone(), v.clone(), 0, 0, 0, 0);
    }
    boolean seasonal = period > 1 && series.length >= 2 * period;
    int m = seasonal ? period : 1;
    double best = Double.MAX_VALUE;
    double[] bestParams = null;
    for (double a : GRID) {
      for (double b : GRID) {
        for (double g : seasonal ? GRID : new double[] {0}) {
          double sse = fit(series, m, a, b, g, 0, null);
          if (sse < best) {
            best = sse;
            bestParams = new double[] {a, b, g};
          }
        }
      }
    }
    double[] out = new double[horizon];
    fit(series, m, bestParams[0], bestParams[1], bestParams[2], horizon, out);
    int fitted = series.length - (seasonal ? m : 1);
    double sd = Math.sqrt(best / Math.max(1, fitted));
    double[] lower = new double[horizon];
    double[] upper = new double[horizon];
    for (int h = 0; h < horizon; h++) {
      double half = z * sd * Math.sqrt(h + 1);
      lower[h] = out[h] - half;
      upper[h] = out[h] + half;
    }
    return new Forecast(out, lower, upper, bestParams[0], bestParams[1], bestParams[2], sd);
  }

  /**
   * Runs the smoothing over the series; returns the sum of squared one-step errors, and when {@code
   * out} is given fills it with the forecast after the last point.
   */
  static double fit(
      double[] y, int m, double alpha, double beta, double gamma, int horizon, double[] out) {
    double level;
    double trend;
    double[] season = new double[m];
    int start;
    if (m > 1) {
      double first = mean(y, 0, m);
      double second = mean(y, m, 2 * m);
      trend = (second - first) / m;
      // The first season's shape with its own trend taken out; the level at its last step.
      for (int i = 0; i < m; i++) {
        season[i] = y[i] - (first + trend * (i - (m - 1) / 2.0));
      }
      level = first + trend * (m - 1) / 2.0;
      start = m;
    } else {
      level = y[0];
      trend = y[1] - y[0];
      start = 1;
    }
    double sse = 0;
    for (int t = start; t < y.length; t++) {
      int s = t % m;
      double predicted = level + trend + (m > 1 ? season[s] : 0);
      double e = y[t] - predicted;
      sse += e * e;
      double previous = level;
      level = alpha * (y[t] - (m > 1 ? season[s] : 0)) + (1 - alpha) * (level + trend);
      trend = beta * (level - previous) + (1 - beta) * trend;
      if (m > 1) {
        season[s] = gamma * (y[t] - level) + (1 - gamma) * season[s];
      }
    }
    if (out != null) {
      for (int h = 1; h <= horizon; h++) {
        int s = (y.length + h - 1) % m;
        out[h - 1] = level + h * trend + (m > 1 ? season[s] : 0);
      }
    }
    return sse;
  }

  private static double mean(double[] y, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += y[i];
    }
    return sum / (to - from);
  }

  /** Mean absolute percentage error of {@code predicted} against {@code actual} (in percent). */
  public static double mape(double[] actual, double[] predicted) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < actual.length && i < predicted.length; i++) {
      if (actual[i] != 0) {
        sum += Math.abs((actual[i] - predicted[i]) / actual[i]);
        n++;
      }
    }
    return n == 0 ? 0 : 100 * sum / n;
  }
}
