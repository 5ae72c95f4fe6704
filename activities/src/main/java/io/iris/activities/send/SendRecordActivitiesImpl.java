package io.iris.activities.send;

import io.iris.activities.routing.RoutePlanner;
import io.iris.activities.send.MessageStore.SendProfile;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.send.AttemptRecord;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageFinal;
import io.iris.workflows.send.MessageStatus;
import io.iris.workflows.send.PolicyDecision;
import io.iris.workflows.send.SendPlan;
import io.iris.workflows.send.SendPreparation;
import io.iris.workflows.send.SendRecordActivities;
import io.iris.workflows.send.SendRequest;
import io.temporal.spring.boot.ActivityImpl;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.SEND)
public class SendRecordActivitiesImpl implements SendRecordActivities {

  private final MessageStore messages;
  private final SuppressionList suppressions;
  private final SendSettings settings;
  private final RoutePlanner routes;

  public SendRecordActivitiesImpl(
      MessageStore messages,
      SuppressionList suppressions,
      SendSettings settings,
      RoutePlanner routes) {
    this.messages = messages;
    this.suppressions = suppressions;
    this.settings = settings;
    this.routes = routes;
  }

  @Override
  public SendPreparation prepareSend(SendRequest request, long acceptedAtMillis) {
    messages.register(request, acceptedAtMillis);
    PolicyDecision policy = checkPolicy(request.tenantId(), request.channel(), request.to());
    SendProfile profile = messages.sendProfile(UUID.fromString(request.tenantId()));
    SendPlan plan = planRoute(request.channel(), profile, UUID.fromString(request.messageId()));
    if (policy.verdict() == PolicyDecision.Verdict.ALLOW && !plan.providers().isEmpty()) {
      // The workflow moves to "sending" on this answer: the row says so now, in the same step.
      messages.markSending(UUID.fromString(request.messageId()));
    }
    return new SendPreparation(policy, plan);
  }

  PolicyDecision checkPolicy(String tenantId, Channel channel, String to) {
    return suppressions
        .find(UUID.fromString(tenantId), channel.wireName(), to)
        .map(
            entry ->
                new PolicyDecision(
                    PolicyDecision.Verdict.SUPPRESS,
                    "recipient is on the suppression list (" + entry.reason() + ")"))
        .orElse(PolicyDecision.allow());
  }

  /**
   * The message's route (from the in-memory routing snapshot, never the database) and the send
   * timings. The route is data recorded in the workflow's PrepareSend marker, so routing changes
   * need no change of workflow commands.
   */
  SendPlan planRoute(Channel channel, SendProfile profile, UUID messageId) {
    RoutePlanner.PlannedRoute route =
        routes.plan(channel, profile.requirements(), Optional.of(messageId));
    return new SendPlan(
        route.providers(),
        settings.receiptTimeout(channel.wireName()),
        settings.maxAttemptsPerProvider(),
        settings.initialRetryInterval(),
        settings.maxRetryInterval(),
        settings.retryBackoff(),
        settings.providerCallTimeout(),
        settings.ambiguousGrace(),
        profile.atLeastOnce(),
        route.reason());
  }

  @Override
  public void recordAttempt(
      String messageId, AttemptRecord attempt, MessageStatus status, int attemptCount) {
    messages.recordAttempt(UUID.fromString(messageId), attempt, status, attemptCount);
  }

  @Override
  public void recordFinal(MessageFinal result) {
    messages.recordFinal(result);
  }

  @Override
  public void suppressRecipient(
      String tenantId, Channel channel, String address, String reason, String detail) {
    suppressions.add(UUID.fromString(tenantId), channel.wireName(), address, reason, detail);
  }
}
