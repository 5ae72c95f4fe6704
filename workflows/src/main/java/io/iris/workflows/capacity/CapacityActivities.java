package io.iris.workflows.capacity;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The capacity forecast's database and notification work. */
@ActivityInterface
public interface CapacityActivities {

  /**
   * Forecasts from the roll-ups at {@code atMillis}, stores the forecast, records an alert for each
   * constraint reached within the warning horizon (once a day), and returns every alert not yet
   * sent.
   */
  List<CapacityAlert> forecastCapacity(long atMillis);

  /** Posts the alert to Slack, writes it to the audit log and marks it sent. */
  void sendCapacityAlert(CapacityAlert alert);
}
