package io.iris.activities.capacity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A capacity forecast from daily history: each series by {@link HoltWinters} (weekly season), the
 * constraints the central forecast (and its upper band) reach, and what to do about them. Pure: the
 * store reads the history and keeps the result.
 */
public final class CapacityForecaster {

  /** One day of history. */
  public record Day(LocalDate date, long messages, BigDecimal costUsd, long activeTenants) {}

  /** One forecast day. */
  public record Point(String date, double value, double lower, double upper) {}

  /**
   * A limit and when the forecast reaches it.
   *
   * @param reachedOn the first day the forecast value reaches the limit, or null
   * @param daysUntil days from today to {@code reachedOn}, or null
   * @param mayReachOn the first day the band's upper edge reaches it, or null
   * @param severity {@code critical} (reached within the critical days), {@code warning} (within
   *     the warning days) or {@code ok}
   */
  public record Constraint(
      String name,
      String description,
      double limit,
      String unit,
      String reachedOn,
      Integer daysUntil,
      String mayReachOn,
      String severity) {}

  /** What {@code GET /v1/capacity/forecast} shows. */
  public record Report(
      Instant generatedAt,
      int horizonDays,
      int historyDays,
      Map<String, List<Point>> series,
      List<Constraint> constraints,
      List<String> recommendations) {}

  private final CapacitySettings settings;

  public CapacityForecaster(CapacitySettings settings) {
    this.settings = settings;
  }

  /**
   * The forecast made at {@code now} from the complete days before today ({@code history}, oldest
   * first, no gaps); the first forecast day is today.
   *
   * @param platformDailyBudgetUsd the platform's daily budget, or empty when none is set
   */
  public Report forecast(
      Instant now, List<Day> history, Optional<BigDecimal> platformDailyBudgetUsd) {
    LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    int h = settings.horizonDays();
    Map<String, List<Point>> series = new LinkedHashMap<>();
    series.put(
        "messages", points(today, history.stream().mapToDouble(Day::messages).toArray(), h, 0));
    series.put(
        "costUsd",
        points(
            today, history.stream().mapToDouble(d -> d.costUsd().doubleValue()).toArray(), h, 6));
    series.put(
        "activeTenants",
        points(today, history.stream().mapToDouble(Day::activeTenants).toArray(), h, 0));

    List<Constraint> constraints = new ArrayList<>();
    List<String> recommendations = new ArrayList<>();
    double messageLimit =
        settings.maxMessagesPerDay() * settings.messagesThresholdPercent() / 100.0;
    Constraint messages =
        constraint(
            "messages_per_day",
            settings.messagesThresholdPercent()
                + "% of the capacity of "
                + settings.maxMessagesPerDay()
                + " messages a day (IRIS_CAPACITY_MAX_MESSAGES_PER_DAY)",
            messageLimit,
            "messages",
            series.get("messages"),
            today);
    constraints.add(messages);
    if (!messages.severity().equals("ok")) {
      recommendations.add(
          "Messages reach "
              + Math.round(messageLimit)
              + " a day on "
              + messages.reachedOn()
              + " ("
              + messages.daysUntil()
              + " days): add worker processes (IRIS_WORKER_PROCESSES), run the Temporal server"
              + " (IRIS_TEMPORAL=server) or raise the measured capacity.");
    }
    if (platformDailyBudgetUsd.isPresent() && platformDailyBudgetUsd.get().signum() > 0) {
      double costLimit =
          platformDailyBudgetUsd.get().doubleValue() * settings.costThresholdPercent() / 100.0;
      Constraint cost =
          constraint(
              "cost_per_day",
              settings.costThresholdPercent()
                  + "% of the platform's daily budget of $"
                  + platformDailyBudgetUsd.get().setScale(2, RoundingMode.HALF_UP).toPlainString()
                  + " (IRIS_COST_PLATFORM_DAILY_BUDGET_USD)",
              costLimit,
              "usd",
              series.get("costUsd"),
              today);
      constraints.add(cost);
      if (!cost.severity().equals("ok")) {
        recommendations.add(
            "Daily cost reaches $"
                + BigDecimal.valueOf(costLimit).setScale(2, RoundingMode.HALF_UP).toPlainString()
                + " on "
                + cost.reachedOn()
                + " ("
                + cost.daysUntil()
                + " days): review GET /v1/cost/opportunities, set tenants' budgets, or raise the"
                + " platform's daily budget.");
      }
    }
    if (history.size() < 14) {
      recommendations.add(
          "Only "
              + history.size()
              + " day(s) of history: the weekly season needs 14; until then the forecast follows"
              + " the trend only.");
    }
    return new Report(now, h, history.size(), series, constraints, recommendations);
  }

  private List<Point> points(LocalDate today, double[] y, int horizon, int scale) {
    HoltWinters.Forecast f = HoltWinters.forecast(y, 7, horizon, settings.bandZ());
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < horizon; i++) {
      out.add(
          new Point(
              today.plusDays(i).toString(),
              round(Math.max(0, f.value()[i]), scale),
              round(Math.max(0, f.lower()[i]), scale),
              round(Math.max(0, f.upper()[i]), scale)));
    }
    return out;
  }

  private static double round(double v, int scale) {
    return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).doubleValue();
  }

  Constraint constraint(
      String name,
      String description,
      double limit,
      String unit,
      List<Point> points,
      LocalDate today) {
    String reached = null;
    Integer days = null;
    String may = null;
    for (Point p : points) {
      if (may == null && p.upper() >= limit) {
        may = p.date();
      }
      if (reached == null && p.value() >= limit) {
        reached = p.date();
        days = (int) java.time.temporal.ChronoUnit.DAYS.between(today, LocalDate.parse(p.date()));
      }
    }
    String severity =
        days == null
            ? "ok"
            : days <= settings.criticalWithinDays()
                ? "critical"
                : days <= settings.warnWithinDays() ? "warning" : "ok";
    return new Constraint(name, description, limit, unit, reached, days, may, severity);
  }
}
