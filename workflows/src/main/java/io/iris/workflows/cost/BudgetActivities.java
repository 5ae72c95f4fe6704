package io.iris.workflows.cost;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The budget check's database and notification work. */
@ActivityInterface
public interface BudgetActivities {

  /**
   * Compares each budget's period spend (and the platform's daily budget) with the thresholds at
   * {@code atMillis}, records each newly crossed one once, and returns every alert not yet sent.
   */
  List<BudgetAlert> findAlerts(long atMillis);

  /** Posts the alert to Slack, writes it to the audit log and marks it sent. */
  void sendAlert(BudgetAlert alert);
}
