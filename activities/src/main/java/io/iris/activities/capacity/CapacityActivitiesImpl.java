package io.iris.activities.capacity;

import io.iris.activities.cost.CostSettings;
import io.iris.activities.platform.OpsSlack;
import io.iris.workflows.capacity.CapacityActivities;
import io.iris.workflows.capacity.CapacityAlert;
import io.iris.workflows.common.TaskQueues;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.OPERATIONS)
public class CapacityActivitiesImpl implements CapacityActivities {

  private static final Logger log = LoggerFactory.getLogger(CapacityActivitiesImpl.class);

  private final CapacityStore store;
  private final CapacitySettings settings;
  private final CostSettings cost;
  private final OpsSlack slack;

  public CapacityActivitiesImpl(
      CapacityStore store, CapacitySettings settings, CostSettings cost, OpsSlack slack) {
    this.store = store;
    this.settings = settings;
    this.cost = cost;
    this.slack = slack;
  }

  /** Forecasts now from the roll-ups (the activity, and the API when none is stored yet). */
  public CapacityForecaster.Report compute(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<CapacityForecaster.Day> history =
        store.history(today.minusDays(settings.historyDays()), today);
    return new CapacityForecaster(settings)
        .forecast(
            now,
            history,
            cost.platformDailyBudgetUsd().signum() > 0
                ? Optional.of(cost.platformDailyBudgetUsd())
                : Optional.empty());
  }

  @Override
  public List<CapacityAlert> forecastCapacity(long atMillis) {
    Instant now = Instant.ofEpochMilli(atMillis);
    CapacityForecaster.Report report = compute(now);
    store.save(report);
    String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
    for (CapacityForecaster.Constraint c : report.constraints()) {
      if (c.severity().equals("ok")) {
        continue;
      }
      CapacityAlert alert =
          new CapacityAlert(
              c.name(),
              today,
              c.severity(),
              c.name()
                  + " reaches "
                  + c.description()
                  + " on "
                  + c.reachedOn()
                  + ", in "
                  + c.daysUntil()
                  + " day(s)");
      if (store.recordAlert(alert)) {
        log.warn("capacity: {}", alert.detail());
      }
    }
    return store.pending();
  }

  @Override
  public void sendCapacityAlert(CapacityAlert alert) {
    String icon =
        alert.severity().equals("critical") ? ":rotating_light:" : ":chart_with_upwards_trend:";
    store.markSent(
        alert, slack.post(icon + " Capacity (" + alert.severity() + "): " + alert.detail()));
  }
}
