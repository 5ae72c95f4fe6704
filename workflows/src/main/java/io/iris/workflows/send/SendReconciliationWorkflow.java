package io.iris.workflows.send;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Finds sends whose workflow ended without writing a final status (it gave up on a database that
 * stayed down, was terminated, or never started) and finishes them. Run by the Temporal Schedule
 * {@link #SCHEDULE_ID}.
 */
@WorkflowInterface
public interface SendReconciliationWorkflow {

  String SCHEDULE_ID = "send-reconciliation";

  /** One pass; returns how many sends it finished. */
  @WorkflowMethod
  int reconcile();
}
