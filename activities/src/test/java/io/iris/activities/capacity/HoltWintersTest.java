package io.iris.activities.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forecast accuracy on synthetic daily series of known trend and weekly season. */
class HoltWintersTest {

  /** 1000 + 12/day, a weekly shape (quiet weekends), and ±3% noise, seeded. */
  static double[] series(int days, long seed) {
    double[] week = {1.10, 1.15, 1.12, 1.08, 1.05, 0.70, 0.80};
    Random noise = new Random(seed);
    double[] y = new double[days];
    for (int t = 0; t < days; t++) {
      y[t] = (1000 + 12 * t) * week[t % 7] * (1 + 0.03 * noise.nextGaussian());
    }
    return y;
  }

  @Test
  void givenNinetyDaysOfTrendAndWeeklySeason_theNextThirtyShouldBeWithinFivePercent() {
    double[] all = series(120, 42);
    double[] history = java.util.Arrays.copyOfRange(all, 0, 90);
    double[] future = java.util.Arrays.copyOfRange(all, 90, 120);

    HoltWinters.Forecast f = HoltWinters.forecast(history, 7, 30, 1.96);
    double mape = HoltWinters.mape(future, f.value());

    System.out.printf("Holt-Winters MAPE over 30 days: %.2f%%%n", mape);
    assertThat(mape).isLessThan(5.0);
    // It follows the season: a forecast Saturday is lower than the Tuesday before it.
    int saturday = (5 - 90 % 7 + 7) % 7;
    assertThat(f.value()[saturday]).isLessThan(f.value()[(saturday + 5) % 7]);
    // The band holds most of what came, and widens with the horizon.
    int inside = 0;
    for (int h = 0; h < 30; h++) {
      if (future[h] >= f.lower()[h] && future[h] <= f.upper()[h]) {
        inside++;
      }
    }
    assertThat(inside).isGreaterThanOrEqualTo(25);
    assertThat(f.upper()[29] - f.lower()[29]).isGreaterThan(f.upper()[0] - f.lower()[0]);
  }

  @Test
  void givenASeasonlessSeries_itShouldFollowTheTrend() {
    double[] line = new double[30];
    for (int t = 0; t < 30; t++) {
      line[t] = 50 + 2 * t;
    }
    HoltWinters.Forecast f = HoltWinters.forecast(line, 7, 10, 1.96);
    assertThat(f.value()[9]).isCloseTo(50 + 2 * 39, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void givenTooLittleHistory_itShouldFallBackWithoutFailing() {
    assertThat(HoltWinters.forecast(new double[] {}, 7, 3, 1.96).value()).containsExactly(0, 0, 0);
    assertThat(HoltWinters.forecast(new double[] {5}, 7, 2, 1.96).value()).containsExactly(5, 5);
    double[] ten = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}; // under two weeks: Holt's trend
    assertThat(HoltWinters.forecast(ten, 7, 1, 1.96).value()[0])
        .isCloseTo(20, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void givenAKnownSeries_theMapeShouldBeItsMeanRelativeError() {
    assertThat(HoltWinters.mape(new double[] {100, 200, 0}, new double[] {110, 180, 5}))
        .isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
