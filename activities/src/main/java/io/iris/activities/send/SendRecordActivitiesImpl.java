package io.iris.activities.send;

import io.iris.activities.cost.BudgetGuard;
import io.iris.activities.routing.HealthRecorder;
import io.iris.activities.routing.RoutePlanner;
import io.iris.activities.send.MessageStore.SendProfile;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderRegistry;
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
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.SEND)
public class SendRecordActivitiesImpl implements SendRecordActivities {

  private final MessageStore messages;
  private final SuppressionList suppressions;
  private final SendSettings settings;
  private final HealthRecorder health;
  private final ProviderRegistry providers;
  private final RoutePlanner routes;
  private final BudgetGuard budgets;

  public SendRecordActivitiesImpl(
      MessageStore messages,
      SuppressionList suppressions,
      SendSettings settings,
      HealthRecorder health,
      ProviderRegistry providers,
      RoutePlanner routes,
      BudgetGuard budgets) {
    this.budgets = budgets;
    this.messages = messages;
    this.suppressions = suppressions;
    this.settings = settings;
    this.health = health;
    this.providers = providers;
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
    Optional<String> overBudget = budgets.refusal(UUID.fromString(tenantId));
    if (overBudget.isPresent()) {
      return new PolicyDecision(
          PolicyDecision.Verdict.REJECT, overBudget.get(), BudgetGuard.BUDGET_EXCEEDED);
    }
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
    // Counted after the row is written, so an attempt the row could not take is counted by the
    // retry that writes it; a retry after the write counts it twice (see docs/architecture.md).
    // An attempt has no channel of its own: its provider's is the message's.
    if ("failed".equals(attempt.outcome())) {
      providers
          .find(attempt.provider())
          .map(ProviderAdapter::channel)
          .ifPresent(channel -> health.attemptFailed(attempt.provider(), channel));
    }
  }

  /**
   * Writes the end, then counts it for the provider: delivered as delivered; failed or undelivered
   * as failed; any other end (expired, suppressed, cancelled) or a message no provider was tried
   * for is not the provider's. A receipt (delivered, undelivered) also gives the accept-to-receipt
   * latency, from {@code sent_at}.
   */
  @Override
  public void recordFinal(MessageFinal result) {
    Optional<Instant> sentAt = messages.recordFinal(result);
    if (result.provider().isEmpty()) {
      return;
    }
    switch (result.status()) {
      case DELIVERED, UNDELIVERED ->
          health.finished(
              result.provider(),
              result.channel(),
              result.status() == MessageStatus.DELIVERED,
              sentAt
                  .map(at -> OptionalLong.of(result.completedAtMillis() - at.toEpochMilli()))
                  .orElse(OptionalLong.empty()));
      case FAILED ->
          health.finished(result.provider(), result.channel(), false, OptionalLong.empty());
      default -> {}
    }
  }

  @Override
  public void suppressRecipient(
      String tenantId, Channel channel, String address, String reason, String detail) {
    suppressions.add(UUID.fromString(tenantId), channel.wireName(), address, reason, detail);
  }
}
