package io.iris.activities.routing;

import io.iris.workflows.routing.FailoverReevaluationStart;
import io.iris.workflows.routing.FailoverReevaluationWorkflow;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.ReevaluationInput;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import org.springframework.stereotype.Component;

/**
 * {@link FailoverStarter} on Temporal: signal-with-start of {@code failedOver} on the provider's
 * {@link FailoverReevaluationWorkflow}, started (when none runs) with the configured {@code
 * FailbackPolicy}. The workflow ignores a request it already has, so a retried call is harmless.
 */
@Component
public class TemporalFailoverStarter implements FailoverStarter {

  private final WorkflowClient client;
  private final FailoverSettings settings;

  public TemporalFailoverStarter(WorkflowClient client, FailoverSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String request(FailoverRequest request) {
    FailoverReevaluationWorkflow workflow =
        client.newWorkflowStub(
            FailoverReevaluationWorkflow.class,
            FailoverReevaluationStart.options(request.provider(), request.channel()));
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(
        workflow::reevaluate,
        ReevaluationInput.opening(
            request.provider(), request.channel(), settings.failbackPolicy()));
    batch.add(workflow::failedOver, request);
    client.signalWithStart(batch);
    return FailoverStarter.workflowId(request.provider(), request.channel());
  }
}
