package io.iris.workflows.send;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/** Registered on {@link TaskQueues#SEND} by the workers' configuration. */
public class MessageSendWorkflowImpl implements MessageSendWorkflow {

  private static final Logger log = Workflow.getLogger(MessageSendWorkflowImpl.class);

  private final SendRecordActivities records =
      Workflow.newLocalActivityStub(
          SendRecordActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(200))
                      .setMaximumInterval(Duration.ofSeconds(10))
                      .build())
              .build());

  private String messageId = "";
  private MessageStatus status = MessageStatus.ACCEPTED;
  private String provider = "";
  private String providerMessageId = "";
  private BigDecimal cost = BigDecimal.ZERO;
  private String error = "";
  private String errorCode = "";
  private final List<AttemptRecord> attempts = new ArrayList<>();
  private final List<DeliveryReceipt> receipts = new ArrayList<>();
  private final Set<String> switchedAway = new HashSet<>();
  private boolean cancelRequested;
  private String cancelReason = "";

  @Override
  public MessageState send(SendRequest request) {
    messageId = request.messageId();
    long acceptedAt = Workflow.currentTimeMillis();
    SendPreparation preparation = records.prepareSend(request, acceptedAt);

    PolicyDecision policy = preparation.policy();
    if (policy.verdict() == PolicyDecision.Verdict.SUPPRESS) {
      return finish(request, acceptedAt, MessageStatus.SUPPRESSED, "suppressed", policy.reason());
    }
    if (policy.verdict() == PolicyDecision.Verdict.REJECT) {
      return finish(request, acceptedAt, MessageStatus.FAILED, "policy_rejected", policy.reason());
    }

    SendPlan plan = preparation.plan();
    if (plan.providers().isEmpty()) {
      return finish(
          request,
          acceptedAt,
          MessageStatus.FAILED,
          "no_route",
          "no provider is configured for channel " + request.channel().wireName());
    }

    moveTo(MessageStatus.SENDING);
    Optional<ProviderSendResult> taken = Optional.empty();
    for (int i = 0; i < plan.providers().size() && taken.isEmpty(); i++) {
      String candidate = plan.providers().get(i);
      if (cancelRequested) {
        return finish(request, acceptedAt, MessageStatus.CANCELLED, "cancelled", cancelReason);
      }
      if (switchedAway.contains(candidate)) {
        continue;
      }
      AttemptOutcome outcome = attempt(request, plan, candidate, i);
      if (outcome.permanentFailure()) {
        return finish(
            request,
            acceptedAt,
            MessageStatus.FAILED,
            SendFailures.INVALID_RECIPIENT,
            outcome.error());
      }
      taken = outcome.result();
    }
    if (taken.isEmpty()) {
      if (cancelRequested) {
        return finish(request, acceptedAt, MessageStatus.CANCELLED, "cancelled", cancelReason);
      }
      return finish(
          request,
          acceptedAt,
          MessageStatus.FAILED,
          "providers_exhausted",
          "every provider for " + request.channel().wireName() + " failed: " + lastError());
    }

    if (taken.get().deliveredOnAccept()) {
      return finish(request, acceptedAt, MessageStatus.DELIVERED, "", "");
    }
    return awaitReceipt(request, plan, acceptedAt);
  }

  /** What one provider did with the message. */
  private record AttemptOutcome(
      Optional<ProviderSendResult> result, boolean permanentFailure, String error) {}

  private AttemptOutcome attempt(SendRequest request, SendPlan plan, String candidate, int index) {
    provider = candidate;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.PROVIDER.valueSet(candidate));
    ProviderActivities providers = providerStub(plan);
    ProviderSendRequest call =
        new ProviderSendRequest(
            candidate,
            messageId,
            request.tenantId(),
            request.channel(),
            request.to(),
            request.from(),
            request.subject(),
            request.body(),
            request.metadata(),
            messageId + ":" + index);
    long started = Workflow.currentTimeMillis();

    // The call runs in its own scope so a switchProvider or cancel can stop its retries. The stub
    // waits for the cancellation to complete, so a call already in flight is seen through: if the
    // provider took the message anyway, we know it and never send it elsewhere.
    List<Promise<ProviderSendResult>> holder = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> holder.add(Async.function(providers::sendViaProvider, call)));
    scope.run();
    Promise<ProviderSendResult> promise = holder.get(0);
    Workflow.await(
        () -> promise.isCompleted() || cancelRequested || switchedAway.contains(candidate));
    if (!promise.isCompleted()) {
      scope.cancel();
    }

    try {
      ProviderSendResult result = promise.get();
      accept(candidate, call, result, started, "accepted");
      return new AttemptOutcome(Optional.of(result), false, "");
    } catch (ActivityFailure failure) {
      String type = failureType(failure);
      String reason = describe(failure);
      if (SendFailures.INVALID_RECIPIENT.equals(type)) {
        note(candidate, call, "invalid_recipient", reason, started);
        errorCode = type;
        return new AttemptOutcome(Optional.empty(), true, reason);
      }
      if (failure.getCause() instanceof CanceledFailure) {
        note(
            candidate,
            call,
            cancelRequested ? "cancelled" : "switched_away",
            cancelRequested ? cancelReason : "provider failed away from",
            started);
        return new AttemptOutcome(Optional.empty(), false, "");
      }
      if (ambiguous(failure, type)) {
        // The provider may have the message: ask before sending it anywhere else.
        ReconcileResult check = providers.reconcileWithProvider(call);
        if (check.found()) {
          ProviderSendResult found =
              new ProviderSendResult(check.providerMessageId(), BigDecimal.ZERO, false);
          accept(candidate, call, found, started, "reconciled");
          return new AttemptOutcome(Optional.of(found), false, "");
        }
        reason =
            reason
                + (check.askable()
                    ? " (provider confirms it has no such message)"
                    : " (provider cannot be asked; its idempotency key guarded the retries)");
      }
      note(candidate, call, "failed", reason, started);
      errorCode = type;
      return new AttemptOutcome(Optional.empty(), false, reason);
    }
  }

  private MessageState awaitReceipt(SendRequest request, SendPlan plan, long acceptedAt) {
    boolean settled = Workflow.await(plan.receiptTimeout(), () -> finalReceipt().isPresent());
    Optional<DeliveryReceipt> receipt = finalReceipt();
    if (!settled || receipt.isEmpty()) {
      // No receipt: ask the provider where it can be asked, else the message expires unconfirmed.
      DeliveryCheck check = providerStub(plan).checkDelivery(provider, providerMessageId);
      if (check.known() && check.status() != ReceiptStatus.SENT) {
        return settle(
            request,
            acceptedAt,
            new DeliveryReceipt(
                provider,
                providerMessageId,
                check.status(),
                "",
                "status asked from the provider after no receipt came",
                ""));
      }
      return finish(
          request,
          acceptedAt,
          MessageStatus.EXPIRED,
          "receipt_timeout",
          "no delivery receipt within " + plan.receiptTimeout());
    }
    return settle(request, acceptedAt, receipt.get());
  }

  private MessageState settle(SendRequest request, long acceptedAt, DeliveryReceipt receipt) {
    return switch (receipt.status()) {
      case DELIVERED -> finish(request, acceptedAt, MessageStatus.DELIVERED, "", "");
      case UNDELIVERED ->
          finish(
              request,
              acceptedAt,
              MessageStatus.UNDELIVERED,
              receipt.errorCode(),
              describe(receipt));
      case FAILED ->
          finish(request, acceptedAt, MessageStatus.FAILED, receipt.errorCode(), describe(receipt));
      case BOUNCED -> {
        records.suppressRecipient(
            request.tenantId(), request.channel(), request.to(), "bounce", describe(receipt));
        yield finish(request, acceptedAt, MessageStatus.UNDELIVERED, "bounce", describe(receipt));
      }
      case COMPLAINED -> {
        records.suppressRecipient(
            request.tenantId(), request.channel(), request.to(), "complaint", describe(receipt));
        yield finish(request, acceptedAt, MessageStatus.DELIVERED, "", "");
      }
      case SENT -> finish(request, acceptedAt, MessageStatus.EXPIRED, "receipt_timeout", "");
    };
  }

  /** The first final receipt from the provider that took the message. */
  private Optional<DeliveryReceipt> finalReceipt() {
    return receipts.stream()
        .filter(r -> r.provider().equals(provider))
        .filter(
            r ->
                providerMessageId.isEmpty()
                    || r.providerMessageId().isEmpty()
                    || r.providerMessageId().equals(providerMessageId))
        .filter(r -> r.status() != ReceiptStatus.SENT)
        .findFirst();
  }

  private void accept(
      String candidate,
      ProviderSendRequest call,
      ProviderSendResult result,
      long started,
      String outcome) {
    providerMessageId = result.providerMessageId();
    cost = cost.add(result.costUsd());
    long now = Workflow.currentTimeMillis();
    AttemptRecord record =
        new AttemptRecord(
            candidate,
            call.idempotencyKey(),
            outcome,
            "",
            result.providerMessageId(),
            result.costUsd(),
            now,
            now - started);
    attempts.add(record);
    if (!result.deliveredOnAccept()) {
      moveTo(MessageStatus.SENT);
    }
    records.recordAttempt(messageId, record, status, attempts.size());
  }

  private void note(
      String candidate, ProviderSendRequest call, String outcome, String reason, long started) {
    long now = Workflow.currentTimeMillis();
    AttemptRecord record =
        new AttemptRecord(
            candidate,
            call.idempotencyKey(),
            outcome,
            reason,
            "",
            BigDecimal.ZERO,
            now,
            now - started);
    attempts.add(record);
    error = reason;
    records.recordAttempt(messageId, record, status, attempts.size());
    log.info("message {}: provider {} {}: {}", messageId, candidate, outcome, reason);
  }

  private ProviderActivities providerStub(SendPlan plan) {
    return Workflow.newActivityStub(
        ProviderActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(plan.sendTimeout())
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setMaximumAttempts(plan.maxAttemptsPerProvider())
                    .setInitialInterval(plan.initialRetryInterval())
                    .setMaximumInterval(plan.maxRetryInterval())
                    .setBackoffCoefficient(plan.backoff())
                    .setDoNotRetry(SendFailures.NOT_RETRYABLE.toArray(String[]::new))
                    .build())
            .build());
  }

  private MessageState finish(
      SendRequest request, long acceptedAt, MessageStatus end, String code, String reason) {
    moveTo(end);
    if (!reason.isEmpty()) {
      error = reason;
    }
    if (!code.isEmpty()) {
      errorCode = code;
    }
    if (end == MessageStatus.DELIVERED) {
      error = "";
      errorCode = "";
    }
    records.recordFinal(
        new MessageFinal(
            messageId,
            request.tenantId(),
            request.channel(),
            end,
            provider,
            providerMessageId,
            cost,
            attempts.size(),
            errorCode,
            error,
            acceptedAt,
            Workflow.currentTimeMillis()));
    return status();
  }

  private void moveTo(MessageStatus next) {
    if (status.canMoveTo(next)) {
      status = next;
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.MESSAGE_STATUS.valueSet(next.wireName()));
    }
  }

  private static boolean ambiguous(ActivityFailure failure, String type) {
    return SendFailures.TIMEOUT.equals(type) || failure.getCause() instanceof TimeoutFailure;
  }

  private static String failureType(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : "";
  }

  private static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "provider call timed out (" + timeout.getTimeoutType() + ")";
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }

  private static String describe(DeliveryReceipt receipt) {
    String text = receipt.provider() + " reported " + receipt.status().name().toLowerCase();
    if (!receipt.errorCode().isEmpty()) {
      text += " (code " + receipt.errorCode() + ")";
    }
    return receipt.detail().isEmpty() ? text : text + ": " + receipt.detail();
  }

  private String lastError() {
    return error.isEmpty() ? "no provider accepted the message" : error;
  }

  @Override
  public void deliveryReceipt(DeliveryReceipt receipt) {
    boolean duplicate =
        !receipt.eventId().isEmpty()
            && receipts.stream().anyMatch(r -> r.eventId().equals(receipt.eventId()));
    if (!duplicate) {
      receipts.add(receipt);
    }
  }

  @Override
  public void cancel(String reason) {
    cancelRequested = true;
    cancelReason = reason == null || reason.isBlank() ? "cancelled by request" : reason;
  }

  @Override
  public void switchProvider(String from) {
    switchedAway.add(from);
  }

  @Override
  public MessageState status() {
    return new MessageState(
        messageId, status, provider, providerMessageId, cost, List.copyOf(attempts), error);
  }
}
