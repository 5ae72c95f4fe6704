package io.iris.workflows.cost;

import io.iris.workflows.common.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Registered on {@link TaskQueues#OPERATIONS} from the {@link
 * io.iris.workflows.common.WorkflowCatalog}. Finds and stores the opportunities, starts each new
 * one's workflow (abandoned: it outlives the cycle) and ends once they have all started.
 */
public class CostOptimizationWorkflowImpl implements CostOptimizationWorkflow {

  private final CostOptimizationActivities activities =
      Workflow.newActivityStub(CostOptimizationActivities.class);

  @Override
  public int optimize() {
    CostCycle cycle = activities.findCostOpportunities(Workflow.currentTimeMillis());
    List<Promise<WorkflowExecution>> started = new ArrayList<>();
    for (CostOpportunity o : cycle.fresh()) {
      CostOpportunityWorkflow child =
          Workflow.newChildWorkflowStub(
              CostOpportunityWorkflow.class, CostOpportunityStart.childOptions(o.id()));
      Async.function(child::run, o, cycle.policy());
      started.add(Workflow.getWorkflowExecution(child));
    }
    Promise.allOf(started).get();
    return started.size();
  }
}
