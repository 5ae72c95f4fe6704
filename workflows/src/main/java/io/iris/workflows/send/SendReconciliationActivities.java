package io.iris.workflows.send;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The reconciler's one step: the database and Temporal's view of each stale send compared. */
@ActivityInterface
public interface SendReconciliationActivities {

  /**
   * Finishes every send that is still non-final in the database, older than the configured age, not
   * waiting in the outbox, and whose workflow is no longer running: the final status comes from the
   * workflow's result when it completed, else the send ends failed (or expired, if a provider had
   * taken it) with the reason. Idempotent.
   */
  @ActivityMethod
  int finishStaleSends();
}
