package io.iris.workflows.send;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Policy, routing and bookkeeping for sends: short database work, run as local activities. Every
 * method is idempotent (upserts keyed by message id and attempt key).
 */
@ActivityInterface
public interface SendRecordActivities {

  /** Makes sure the message row exists (the API usually wrote it already). */
  @ActivityMethod
  void registerMessage(SendRequest request, long acceptedAtMillis);

  /** Suppression list, tenant state, quota and budget. */
  @ActivityMethod
  PolicyDecision checkPolicy(String tenantId, Channel channel, String to);

  /** The providers to try, in order, and the timings for this channel. */
  @ActivityMethod
  SendPlan planRoute(String tenantId, Channel channel);

  /** Records one provider attempt and the message's status after it. */
  @ActivityMethod
  void recordAttempt(
      String messageId, AttemptRecord attempt, MessageStatus status, int attemptCount);

  /** Records a status change that is not the end (e.g. sending). */
  @ActivityMethod
  void recordStatus(
      String messageId, MessageStatus status, String provider, String providerMessageId);

  /** Records the end: the message row, and the analytics event with cost and duration. */
  @ActivityMethod
  void recordFinal(MessageFinal result);

  /** Adds a recipient to the tenant's suppression list (hard bounce, complaint). */
  @ActivityMethod
  void suppressRecipient(
      String tenantId, Channel channel, String address, String reason, String detail);
}
