package io.iris.workflows.common;

import io.iris.workflows.incident.IncidentWorkflowImpl;
import io.iris.workflows.send.BulkSendWorkflowImpl;
import io.iris.workflows.send.MessageSendWorkflowImpl;
import io.iris.workflows.send.SendReconciliationWorkflowImpl;
import java.util.List;

/** Every workflow implementation, for replay and test environments. */
public final class WorkflowCatalog {

  public static final List<Class<?>> IMPLEMENTATIONS =
      List.of(
          MessageSendWorkflowImpl.class,
          BulkSendWorkflowImpl.class,
          SendReconciliationWorkflowImpl.class,
          IncidentWorkflowImpl.class);

  private WorkflowCatalog() {}
}
