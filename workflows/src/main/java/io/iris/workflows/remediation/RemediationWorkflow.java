package io.iris.workflows.remediation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One runbook against one incident (seed 000 §3.3): metrics before, the approval when the runbook
 * wants one, the steps, the stabilization wait, verification on fresh metrics, and a rollback when
 * it fails. A child of its {@code IncidentWorkflow}, which tries the next runbook or pages humans
 * when this one does not succeed. Workflow id {@code remediation-{incidentId}-{runbook}}.
 */
@WorkflowInterface
public interface RemediationWorkflow {

  static String workflowId(String incidentId, String runbook) {
    return "remediation-" + incidentId + "-" + runbook;
  }

  @WorkflowMethod
  RemediationResult run(RemediationInput input);

  @SignalMethod
  void approve(Decision decision);

  @SignalMethod
  void reject(Decision decision);

  @QueryMethod
  RemediationState state();
}
