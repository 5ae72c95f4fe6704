package io.iris.workflows.send;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A batch of up to 10,000 recipients: starts one {@link MessageSendWorkflow} per recipient in
 * bounded pages, continuing as new every few pages so its history stays small.
 */
@WorkflowInterface
public interface BulkSendWorkflow {

  static String workflowId(String batchId) {
    return "bulk-" + batchId;
  }

  @WorkflowMethod
  BulkProgress run(BulkSendRequest request);

  /** Stops starting sends; those already started run to their end. */
  @SignalMethod
  void cancel(String reason);

  @QueryMethod
  BulkProgress progress();
}
