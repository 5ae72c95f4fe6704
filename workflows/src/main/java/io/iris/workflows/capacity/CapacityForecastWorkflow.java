package io.iris.workflows.capacity;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One capacity forecast: messages, cost and active tenants 30 days out from up to 90 days of
 * history (Holt-Winters with a weekly season), the constraints they reach and what to do; alerts
 * when a constraint is within 30 days (critical within 7). Run by the Temporal Schedule {@link
 * #SCHEDULE_ID} (daily).
 */
@WorkflowInterface
public interface CapacityForecastWorkflow {

  String SCHEDULE_ID = "capacity-forecast";

  /** One forecast; returns how many alerts it sent. */
  @WorkflowMethod
  int forecast();
}
