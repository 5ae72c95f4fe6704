package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What {@code FailoverReevaluationWorkflow} does outside itself (queue {@code iris-operations}):
 * the provider's routing state in {@code provider_routing}, with its audit rows (each written once,
 * keyed by {@code failover:{id}} or {@code failback:{id}:{step}}), the drain of in-flight sends,
 * and the fail-back checks. Every method is idempotent, so a retried activity changes nothing
 * twice.
 */
@ActivityInterface
public interface FailoverActivities {

  /**
   * Marks the provider {@link ProviderStatus#FAILED_OVER} at weight 0 on the request's channel with
   * its reason and {@code flaps}, and writes the audit row {@code provider.failover} in the same
   * transaction. A provider already failed over keeps its {@code since}; only the reason is added.
   */
  @ActivityMethod
  FailoverMark markFailedOver(FailoverRequest request, int flaps);

  /**
   * Signals {@code switchProvider(provider)} to every running send on {@code channel} that has not
   * been sent yet (accepted or sending), a page at a time with heartbeats. Signals nothing when the
   * channel has no alternative. Returns how many sends were signalled.
   */
  @ActivityMethod
  int drainInFlight(String provider, Channel channel);

  /**
   * Gathers one fail-back check: the provider's calls since {@code fromMillis} and, when a probe
   * recipient is configured for it, one probe send (idempotency key {@code
   * probe:{failoverId}:{checkNumber}}, not counted in the metrics). Judging the figures is the
   * workflow's ({@link HealthCheck#healthy}).
   */
  @ActivityMethod
  HealthCheck checkHealth(
      String provider, Channel channel, String failoverId, int checkNumber, long fromMillis);

  /**
   * Sets the provider {@link ProviderStatus#RECOVERING} at {@code weight} percent of new sends and
   * writes the audit row {@code provider.failback.step} (key {@code failback:{id}:{step}}).
   */
  @ActivityMethod
  void setWeight(String provider, Channel channel, String failoverId, int step, int weight);

  /**
   * Restores the provider to {@link ProviderStatus#HEALTHY} at weight 100 and writes the audit row
   * {@code provider.failback}, with {@code reason} (fail-back completed, or cancelled by an
   * operator).
   */
  @ActivityMethod
  void restore(String provider, Channel channel, String failoverId, String reason);
}
