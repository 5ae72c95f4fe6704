package io.iris.workflows.send;

import io.temporal.workflow.Workflow;

/**
 * Registered on the send task queue from the {@link io.iris.workflows.common.WorkflowCatalog}; its
 * activity options come from registration.
 */
public class SendReconciliationWorkflowImpl implements SendReconciliationWorkflow {

  private final SendReconciliationActivities activities =
      Workflow.newActivityStub(SendReconciliationActivities.class);

  @Override
  public int reconcile() {
    return activities.finishStaleSends();
  }
}
