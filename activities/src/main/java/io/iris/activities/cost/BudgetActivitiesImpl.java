package io.iris.activities.cost;

import io.iris.activities.platform.OpsSlack;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.cost.BudgetActivities;
import io.iris.workflows.cost.BudgetAlert;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.OPERATIONS)
public class BudgetActivitiesImpl implements BudgetActivities {

  private static final Logger log = LoggerFactory.getLogger(BudgetActivitiesImpl.class);

  private final BudgetStore budgets;
  private final CostSettings settings;
  private final OpsSlack slack;

  public BudgetActivitiesImpl(BudgetStore budgets, CostSettings settings, OpsSlack slack) {
    this.budgets = budgets;
    this.settings = settings;
    this.slack = slack;
  }

  @Override
  public List<BudgetAlert> findAlerts(long atMillis) {
    LocalDate today = BudgetStore.day(Instant.ofEpochMilli(atMillis));
    LocalDate month = today.withDayOfMonth(1);
    for (BudgetStore.Budget b : budgets.all()) {
      Optional<UUID> who = Optional.of(b.tenantId());
      String scope = "tenant:" + b.tenantId();
      cross(
          scope,
          b.tenantId().toString(),
          "month",
          month,
          budgets.spent(who, month, month.plusMonths(1)),
          b.monthlyUsd(),
          b.hardStop());
      if (b.dailyUsd().isPresent()) {
        cross(
            scope,
            b.tenantId().toString(),
            "day",
            today,
            budgets.spent(who, today, today.plusDays(1)),
            b.dailyUsd().get(),
            b.hardStop());
      }
    }
    if (settings.platformDailyBudgetUsd().signum() > 0) {
      cross(
          "platform",
          "",
          "day",
          today,
          budgets.spent(Optional.empty(), today, today.plusDays(1)),
          settings.platformDailyBudgetUsd(),
          false);
    }
    return budgets.pending();
  }

  /** Records each threshold the spend has reached in the period (new ones only, by their key). */
  void cross(
      String scope,
      String tenant,
      String period,
      LocalDate start,
      BigDecimal spent,
      BigDecimal budget,
      boolean hardStop) {
    for (BudgetAlert a : crossed(scope, tenant, period, start, spent, budget, hardStop)) {
      if (budgets.recordAlert(a)) {
        log.warn("budget: {}", a.detail());
      }
    }
  }

  /** The alerts of the thresholds {@code spent} has reached (pure: what and in which words). */
  List<BudgetAlert> crossed(
      String scope,
      String tenant,
      String period,
      LocalDate start,
      BigDecimal spent,
      BigDecimal budget,
      boolean hardStop) {
    List<BudgetAlert> out = new ArrayList<>();
    for (int threshold : settings.budgetAlertThresholds()) {
      BigDecimal line =
          budget.multiply(BigDecimal.valueOf(threshold)).divide(BigDecimal.valueOf(100));
      if (spent.compareTo(line) < 0) {
        continue;
      }
      BigDecimal used =
          spent.multiply(BigDecimal.valueOf(100)).divide(budget, 1, RoundingMode.HALF_UP);
      String who = tenant.isEmpty() ? "The platform" : "Tenant " + tenant;
      String detail =
          who
              + " has spent $"
              + spent.setScale(2, RoundingMode.HALF_UP).toPlainString()
              + " of its "
              + (period.equals("day") ? "daily" : "monthly")
              + " budget of $"
              + budget.setScale(2, RoundingMode.HALF_UP).toPlainString()
              + " ("
              + used.toPlainString()
              + "%, threshold "
              + threshold
              + "%) for the "
              + period
              + " from "
              + start
              + (threshold >= 100 && hardStop
                  ? "; hard stop: its sends now fail (budget_exceeded)"
                  : "");
      out.add(
          new BudgetAlert(
              scope,
              period,
              start.toString(),
              threshold,
              tenant,
              spent.toPlainString(),
              budget.toPlainString(),
              detail));
    }
    return out;
  }

  @Override
  public void sendAlert(BudgetAlert alert) {
    String how = slack.post(":moneybag: " + alert.detail());
    budgets.markSent(alert, how);
  }
}
