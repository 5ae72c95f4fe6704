package io.iris.workflows.incident;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;

/**
 * How an {@link IncidentWorkflow} is started (or signal-with-started), by every caller: its id,
 * task queue, search attributes and id-reuse policy. An incident runs once: a start for an incident
 * whose workflow ran already is refused (a resolved incident is not reopened).
 */
public final class IncidentStart {

  public static final String TASK_QUEUE = TaskQueues.INCIDENT;

  public static final WorkflowIdReusePolicy ID_REUSE =
      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE;

  private IncidentStart() {}

  /** Incident id, severity and the opening status, for filtering in the Temporal UI. */
  public static io.temporal.common.SearchAttributes searchAttributes(
      String incidentId, Severity severity) {
    return io.temporal.common.SearchAttributes.newBuilder()
        .set(SearchAttributes.INCIDENT_ID, incidentId)
        .set(SearchAttributes.SEVERITY, severity.wireName())
        .set(SearchAttributes.INCIDENT_STATUS, IncidentStatus.OPEN.wireName())
        .build();
  }

  public static WorkflowOptions options(String incidentId, Severity severity) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(IncidentWorkflow.workflowId(incidentId))
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowIdReusePolicy(ID_REUSE)
        .setTypedSearchAttributes(searchAttributes(incidentId, severity))
        .build();
  }
}
