package io.iris.workflows.routing;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The health evaluation's steps (queue {@code iris-operations}): read the windows, save the scores,
 * ask for failovers, keep the storage. The scoring and the failover rules themselves are pure
 * workflow code ({@link HealthScoring}, {@code FailoverRules}).
 */
@ActivityInterface
public interface HealthActivities {

  /**
   * Reads, for every channel with an enabled provider, each provider's figures over the ranking,
   * current and outage windows ending at {@code nowMillis} (the short windows start no earlier than
   * the provider's routing state), its routing state, and the settings of the rules.
   */
  @ActivityMethod
  EvaluationInput loadWindows(long nowMillis);

  /** Writes the rows to {@code provider_health_scores}; a row already there is left as it is. */
  @ActivityMethod
  void saveScores(List<ProviderScoreRow> rows);

  /**
   * Hands a failover to the provider's {@code FailoverReevaluationWorkflow} (signal-with-start of
   * {@code failedOver}, with the configured {@link FailbackPolicy}). Idempotent on {@link
   * FailoverRequest#failoverId}.
   */
  @ActivityMethod
  void requestFailover(FailoverRequest request);

  /**
   * Keeps {@code system_health_metrics}'s daily partitions (creates the days ahead, moves rows the
   * default partition holds for them, drops expired ones) and deletes expired scores. Costs one
   * query when there is nothing to do; safe to run from several processes at once.
   */
  @ActivityMethod
  void maintainStorage(long nowMillis);
}
