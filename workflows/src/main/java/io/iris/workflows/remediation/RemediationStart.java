package io.iris.workflows.remediation;

import io.iris.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;

/**
 * How a {@link RemediationWorkflow} is started: as a child of its incident on the incident queue; a
 * runbook runs once per incident (a second start with the same id is refused).
 */
public final class RemediationStart {

  public static final String TASK_QUEUE = TaskQueues.INCIDENT;

  public static final WorkflowIdReusePolicy ID_REUSE =
      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE;

  private RemediationStart() {}
}
