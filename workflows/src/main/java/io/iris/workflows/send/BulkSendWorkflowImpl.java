package io.iris.workflows.send;

import io.iris.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registered on {@link TaskQueues#SEND} from the {@link io.iris.workflows.common.WorkflowCatalog}.
 */
public class BulkSendWorkflowImpl implements BulkSendWorkflow {

  private final BulkActivities bulk =
      Workflow.newActivityStub(
          BulkActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());

  /**
   * Version 1: the rows of a page prepared but not started because of a cancel end cancelled (they
   * were left accepted before).
   */
  static final String CANCEL_UNSTARTED = "bulk-cancel-unstarted";

  private String batchId = "";
  private int total;
  private int started;
  private boolean cancelled;
  private boolean done;

  @Override
  public BulkProgress run(BulkSendRequest request) {
    batchId = request.batchId();
    total = request.total();
    started = request.startedSoFar();
    for (int page = 0; page < request.pagesPerRun() && started < total && !cancelled; page++) {
      List<SendRequest> sends =
          bulk.prepareBatchPage(batchId, started, Math.min(request.pageSize(), total - started));
      if (sends.isEmpty()) {
        break;
      }
      List<Promise<io.temporal.api.common.v1.WorkflowExecution>> starts =
          new ArrayList<>(sends.size());
      for (SendRequest send : sends) {
        if (cancelled) {
          break;
        }
        MessageSendWorkflow child =
            Workflow.newChildWorkflowStub(
                MessageSendWorkflow.class, MessageSendStart.childOptions(send));
        Async.function(child::send, send);
        // A send that already exists (same deterministic id) counts as started.
        starts.add(Workflow.getWorkflowExecution(child).exceptionally(alreadyStarted -> null));
      }
      // Wait for the sends to start (not to finish), so a page never outruns the workers.
      Promise.allOf(starts).get();
      started += starts.size();
      if (starts.size() < sends.size()
          && Workflow.getVersion(CANCEL_UNSTARTED, Workflow.DEFAULT_VERSION, 1) >= 1) {
        bulk.cancelUnstarted(
            batchId,
            sends.subList(starts.size(), sends.size()).stream()
                .map(SendRequest::messageId)
                .toList());
      }
    }
    if (started < total && !cancelled) {
      // Every handler finished (none here but the query/signal), so continuing is safe.
      Workflow.continueAsNew(
          new BulkSendRequest(
              batchId,
              request.tenantId(),
              request.channel(),
              total,
              request.pageSize(),
              request.pagesPerRun(),
              started));
    }
    done = true;
    return progress();
  }

  @Override
  public void cancel(String reason) {
    cancelled = true;
  }

  @Override
  public BulkProgress progress() {
    return new BulkProgress(batchId, total, started, cancelled, done);
  }
}
