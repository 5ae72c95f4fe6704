package io.iris.activities.routing;

import io.iris.workflows.routing.FailoverRequest;

/**
 * The one way into a failover: the breaker, the health evaluation and the API all ask here. The
 * implementation signals-with-start {@code failedOver} on the provider's {@code
 * FailoverReevaluationWorkflow} (id {@code failover-{channel}-{provider}}), so every trigger meets
 * the one workflow of that provider and channel.
 */
public interface FailoverStarter {

  /**
   * Hands the request to the provider's re-evaluation workflow, starting it when none runs.
   * Idempotent on {@link FailoverRequest#failoverId()}.
   *
   * @return the workflow id
   * @throws RuntimeException when Temporal cannot be reached (the caller decides whether to retry)
   */
  String request(FailoverRequest request);

  /** The workflow id of the provider's re-evaluation on a channel. */
  static String workflowId(String provider, io.iris.workflows.send.Channel channel) {
    return io.iris.workflows.routing.FailoverReevaluationWorkflow.workflowId(provider, channel);
  }
}
