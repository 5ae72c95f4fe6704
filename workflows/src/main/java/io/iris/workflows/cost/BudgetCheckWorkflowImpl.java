package io.iris.workflows.cost;

import io.iris.workflows.common.TaskQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * Registered on {@link TaskQueues#OPERATIONS} from the {@link
 * io.iris.workflows.common.WorkflowCatalog}.
 */
public class BudgetCheckWorkflowImpl implements BudgetCheckWorkflow {

  private static final Logger log = Workflow.getLogger(BudgetCheckWorkflowImpl.class);

  private final BudgetActivities budgets = Workflow.newActivityStub(BudgetActivities.class);

  @Override
  public int check() {
    List<BudgetAlert> alerts = budgets.findAlerts(Workflow.currentTimeMillis());
    int sent = 0;
    for (BudgetAlert a : alerts) {
      try {
        budgets.sendAlert(a);
        sent++;
      } catch (ActivityFailure notNow) {
        // It stays pending: the next check sends it.
        log.warn(
            "budget alert {} {} {}% not sent yet", a.scope(), a.period(), a.thresholdPercent());
      }
    }
    return sent;
  }
}
