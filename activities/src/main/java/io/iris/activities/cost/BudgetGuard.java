package io.iris.activities.cost;

import io.iris.activities.platform.BackgroundRefresh;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Which tenants are over a hard-stop budget, as this process knows it: read from the roll-ups every
 * {@code IRIS_COST_BUDGET_REFRESH_INTERVAL} (and at once after a budget change here), so a send's
 * policy check costs no database call. A tenant crosses its budget by at most what it sends within
 * one refresh (and what was in flight); a failed read keeps the last answer.
 */
@Component
public class BudgetGuard implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BudgetGuard.class);

  /** The error code of a send refused for its budget. */
  public static final String BUDGET_EXCEEDED = "budget_exceeded";

  private final BudgetStore budgets;
  private final Clock clock;
  private final BackgroundRefresh refresher;
  private volatile Set<UUID> over = Set.of();

  public BudgetGuard(BudgetStore budgets, CostSettings settings, Clock clock) {
    this.budgets = budgets;
    this.clock = clock;
    this.refresher =
        new BackgroundRefresh(
            "budget-guard-refresh", settings.budgetRefreshInterval(), this::refresh);
  }

  /** Why the tenant may not send now; empty when it may. */
  public Optional<String> refusal(UUID tenant) {
    return over.contains(tenant)
        ? Optional.of(
            "the tenant's budget is used up and it has a hard stop (until the next period or a"
                + " budget change)")
        : Optional.empty();
  }

  /** Reads again now (after a budget change in this process). */
  public void refresh() {
    Set<UUID> next = Set.copyOf(budgets.overHardStop(clock.instant()));
    if (!next.equals(over)) {
      log.warn("budgets: tenants over a hard-stop budget now: {}", next);
    }
    over = next;
  }

  /** Asks the refresher to read again soon. */
  public void wake() {
    refresher.wake();
  }

  @Override
  public void start() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn(
          "budgets: first read failed ({}); sends are not held back until one works", e.toString());
    }
    refresher.start();
  }

  @Override
  public void stop() {
    refresher.stop();
  }

  @Override
  public boolean isRunning() {
    return refresher.isRunning();
  }
}
