package io.iris.activities.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Constraints at their boundaries: reached within 7 days is critical, within 30 a warning. */
class CapacityForecasterTest {

  static final Instant NOW = Instant.parse("2026-03-10T06:00:00Z");
  static final LocalDate TODAY = LocalDate.parse("2026-03-10");

  /** 60 days of a straight line: messages {@code start + step·t}, cost 0.01 each, 10 tenants. */
  static List<CapacityForecaster.Day> line(double start, double step) {
    List<CapacityForecaster.Day> days = new ArrayList<>();
    for (int t = 0; t < 60; t++) {
      long messages = Math.round(start + step * t);
      days.add(
          new CapacityForecaster.Day(
              TODAY.minusDays(60 - t),
              messages,
              BigDecimal.valueOf(messages).movePointLeft(2),
              10));
    }
    return days;
  }

  static CapacityForecaster forecaster(long capacity) {
    return new CapacityForecaster(
        new CapacitySettings(java.time.Duration.ofDays(1), 30, 90, capacity, 80, 90, 30, 7, 1.96));
  }

  /** The capacity whose 80% the line reaches exactly {@code days} after today. */
  static long capacityReachedIn(int days) {
    // The line's value on today + days is 1000 + 100·(60 + days); 80% of the capacity is that.
    return Math.round((1000 + 100 * (60 + days)) / 0.8);
  }

  @Test
  void givenGrowthThatReachesTheLimitInSevenDays_itShouldBeCritical() {
    CapacityForecaster.Report r =
        forecaster(capacityReachedIn(7)).forecast(NOW, line(1000, 100), Optional.empty());
    CapacityForecaster.Constraint c = r.constraints().get(0);
    assertThat(c.name()).isEqualTo("messages_per_day");
    assertThat(c.daysUntil()).isEqualTo(7);
    assertThat(c.reachedOn()).isEqualTo("2026-03-17");
    assertThat(c.severity()).isEqualTo("critical");
    assertThat(r.recommendations()).anyMatch(s -> s.startsWith("Messages reach"));
  }

  @Test
  void givenEightDays_itShouldBeAWarningAndThirtyOneDaysOk() {
    assertThat(
            forecaster(capacityReachedIn(8))
                .forecast(NOW, line(1000, 100), Optional.empty())
                .constraints()
                .get(0)
                .severity())
        .isEqualTo("warning");
    assertThat(
            forecaster(capacityReachedIn(29))
                .forecast(NOW, line(1000, 100), Optional.empty())
                .constraints()
                .get(0)
                .severity())
        .isEqualTo("warning");
    CapacityForecaster.Report far =
        forecaster(capacityReachedIn(31)).forecast(NOW, line(1000, 100), Optional.empty());
    assertThat(far.constraints().get(0).severity()).isEqualTo("ok");
    assertThat(far.constraints().get(0).reachedOn()).isNull();
    assertThat(far.recommendations()).noneMatch(s -> s.startsWith("Messages reach"));
  }

  @Test
  void givenAPlatformBudget_theCostShouldBeAConstraintAtNinetyPercentOfIt() {
    // Cost on today + 5 is (1000 + 100·65)·0.01 = 75.00; 90% of 83.34 is 75.006: not yet; of 83.33,
    // 74.997.
    CapacityForecaster f = forecaster(100_000_000);
    CapacityForecaster.Constraint notYet =
        f.forecast(NOW, line(1000, 100), Optional.of(new BigDecimal("83.34"))).constraints().get(1);
    assertThat(notYet.name()).isEqualTo("cost_per_day");
    assertThat(notYet.daysUntil()).isEqualTo(6);
    CapacityForecaster.Constraint reached =
        f.forecast(NOW, line(1000, 100), Optional.of(new BigDecimal("83.33"))).constraints().get(1);
    assertThat(reached.daysUntil()).isEqualTo(5);
    assertThat(reached.severity()).isEqualTo("critical");
    assertThat(f.forecast(NOW, line(1000, 100), Optional.empty()).constraints()).hasSize(1);
  }

  @Test
  void givenTheSeries_itShouldForecastThirtyDaysFromTodayWithABand() {
    CapacityForecaster.Report r =
        forecaster(1_000_000).forecast(NOW, line(1000, 100), Optional.empty());
    assertThat(r.series()).containsOnlyKeys("messages", "costUsd", "activeTenants");
    List<CapacityForecaster.Point> m = r.series().get("messages");
    assertThat(m).hasSize(30);
    assertThat(m.get(0).date()).isEqualTo("2026-03-10");
    assertThat(m.get(29).date()).isEqualTo("2026-04-08");
    assertThat(m.get(0).value()).isCloseTo(7000, org.assertj.core.data.Offset.offset(5.0));
    assertThat(m).allSatisfy(p -> assertThat(p.lower()).isLessThanOrEqualTo(p.value()));
    assertThat(m).allSatisfy(p -> assertThat(p.upper()).isGreaterThanOrEqualTo(p.value()));
    assertThat(r.series().get("activeTenants").get(10).value()).isEqualTo(10);
  }

  @Test
  void givenNoHistory_itShouldForecastZeroAndSaySo() {
    CapacityForecaster.Report r = forecaster(1_000_000).forecast(NOW, List.of(), Optional.empty());
    assertThat(r.series().get("messages")).allSatisfy(p -> assertThat(p.value()).isZero());
    assertThat(r.constraints().get(0).severity()).isEqualTo("ok");
    assertThat(r.recommendations()).anyMatch(s -> s.startsWith("Only 0 day(s) of history"));
  }
}
