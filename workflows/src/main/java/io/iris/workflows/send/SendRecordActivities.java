package io.iris.workflows.send;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Policy, routing and bookkeeping for sends: short database work, run as local activities. Every
 * method is idempotent (upserts keyed by message id and attempt key).
 */
@ActivityInterface
public interface SendRecordActivities {

  /**
   * Makes sure the message row exists (the API usually wrote it already), then checks policy
   * (suppression list, tenant state, quota, budget) and plans the route (the providers to try, in
   * order, and the timings for the channel). One activity, so the send spends one step on it.
   */
  @ActivityMethod
  SendPreparation prepareSend(SendRequest request, long acceptedAtMillis);

  /** Records one provider attempt and the message's status after it (sent: also when). */
  @ActivityMethod
  void recordAttempt(
      String messageId, AttemptRecord attempt, MessageStatus status, int attemptCount);

  /** Records the end: the message row, and the analytics event with cost and duration. */
  @ActivityMethod
  void recordFinal(MessageFinal result);

  /** Adds a recipient to the tenant's suppression list (hard bounce, complaint). */
  @ActivityMethod
  void suppressRecipient(
      String tenantId, Channel channel, String address, String reason, String detail);
}
