package io.iris.workflows.capacity;

import io.iris.workflows.common.TaskQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * Registered on {@link TaskQueues#OPERATIONS} from the {@link
 * io.iris.workflows.common.WorkflowCatalog}.
 */
public class CapacityForecastWorkflowImpl implements CapacityForecastWorkflow {

  private static final Logger log = Workflow.getLogger(CapacityForecastWorkflowImpl.class);

  private final CapacityActivities capacity = Workflow.newActivityStub(CapacityActivities.class);

  @Override
  public int forecast() {
    List<CapacityAlert> alerts = capacity.forecastCapacity(Workflow.currentTimeMillis());
    int sent = 0;
    for (CapacityAlert a : alerts) {
      try {
        capacity.sendCapacityAlert(a);
        sent++;
      } catch (ActivityFailure notNow) {
        // It stays pending: the next forecast sends it.
        log.warn("capacity alert {} {} not sent yet", a.constraint(), a.date());
      }
    }
    return sent;
  }
}
