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

/**
 * Registered on {@link TaskQueues#SEND} from the {@link io.iris.workflows.common.WorkflowCatalog}.
 */
public class MessageSendWorkflowImpl implements MessageSendWorkflow {

  private static final Logger log = Workflow.getLogger(MessageSendWorkflowImpl.class);

  /**
   * Bookkeeping in PostgreSQL. Its options (attempt timeout, retries, and the long window that
   * rides out a database outage) come from configuration when the workers register this workflow:
   * see {@link io.iris.workflows.common.DependencyRetry}.
   */
  private final SendRecordActivities records =
      Workflow.newLocalActivityStub(SendRecordActivities.class);

  /**
   * Version 1: a receipt that comes while the send is still deciding proves the provider took the
   * message; after an ambiguous outcome the send waits for receipts, then asks, and fails over only
   * when the provider confirms it has no such message (or the plan allows at-least-once).
   */
  static final String AMBIGUOUS_OUTCOMES = "ambiguous-outcomes";

  /**
   * Version 2 of {@link #AMBIGUOUS_OUTCOMES} (one marker serves both): the provider call is a local
   * activity, run inside the workflow task that decided it, and the search attributes are upserted
   * once per workflow task instead of once per change. A delivered SMS then costs the engine two
   * workflow tasks and no activity task (it was three and one).
   *
   * <p>What {@code switchProvider} and {@code cancel} mean is kept: the SDK tries the call once;
   * the tries with one provider are this workflow's loop ({@link #callLocally}), and a signal stops
   * it between tries, never cancelling a call in flight — a call that is sent is seen through, so a
   * provider that took the message is known and it is never sent elsewhere. A call in flight when
   * its worker dies is made again with the same idempotency key, as a timed-out activity was.
   */
  static final int LOCAL_PROVIDER_CALL = 2;

  private int version;

  /** Version 2: a search attribute changed since the last upsert. */
  private boolean attributesChanged;

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
    version =
        Workflow.getVersion(AMBIGUOUS_OUTCOMES, Workflow.DEFAULT_VERSION, LOCAL_PROVIDER_CALL);
    long acceptedAt = Workflow.currentTimeMillis();
    SendPreparation preparation;
    try {
      preparation = records.prepareSend(request, acceptedAt);
    } catch (ActivityFailure databaseGone) {
      // The database stayed down for the whole outage tolerance: end without sending. The row
      // cannot be written now; the send reconciler records this result once it can.
      moveTo(MessageStatus.FAILED);
      error =
          "the database was unreachable for the whole outage tolerance: " + describe(databaseGone);
      errorCode = DEPENDENCY_UNAVAILABLE;
      publish();
      return status();
    }

    PolicyDecision policy = preparation.policy();
    if (policy.verdict() == PolicyDecision.Verdict.SUPPRESS) {
      return finish(request, acceptedAt, MessageStatus.SUPPRESSED, "suppressed", policy.reason());
    }
    if (policy.verdict() == PolicyDecision.Verdict.REJECT) {
      return finish(
          request, acceptedAt, MessageStatus.FAILED, policy.rejectionCode(), policy.reason());
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
      if (version >= 1) {
        // Never fail over past proof: a late receipt from a provider already tried means it has
        // the message.
        Optional<ProviderSendResult> late = lateReceipt(plan, i);
        if (late.isPresent()) {
          taken = late;
          break;
        }
      }
      AttemptOutcome outcome = attempt(request, plan, candidate, i);
      if (outcome.unknown()) {
        return finish(request, acceptedAt, MessageStatus.EXPIRED, OUTCOME_UNKNOWN, outcome.error());
      }
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

  /** The error code of a send whose provider may or may not have the message. */
  static final String OUTCOME_UNKNOWN = "outcome_unknown";

  /** The error code of a send that could not be prepared because the database stayed down. */
  static final String DEPENDENCY_UNAVAILABLE = "dependency_unavailable";

  /**
   * What one provider did with the message.
   *
   * @param unknown the provider may have it and cannot tell: stop here (at most once)
   */
  private record AttemptOutcome(
      Optional<ProviderSendResult> result,
      boolean permanentFailure,
      boolean unknown,
      String error) {

    static AttemptOutcome taken(ProviderSendResult result) {
      return new AttemptOutcome(Optional.of(result), false, false, "");
    }

    static AttemptOutcome notTaken(String error) {
      return new AttemptOutcome(Optional.empty(), false, false, error);
    }
  }

  /** The idempotency key of the attempt with the route's provider at {@code index}. */
  private String attemptKey(int index) {
    return messageId + ":" + index;
  }

  /** The first receipt from {@code candidate}: proof that it took the message. */
  private Optional<DeliveryReceipt> receiptFrom(String candidate) {
    return receipts.stream().filter(r -> r.provider().equals(candidate)).findFirst();
  }

  /** A receipt from one of the providers tried before {@code index}, accepted as its attempt. */
  private Optional<ProviderSendResult> lateReceipt(SendPlan plan, int index) {
    for (int j = 0; j < index; j++) {
      String earlier = plan.providers().get(j);
      Optional<DeliveryReceipt> proof = receiptFrom(earlier);
      if (proof.isPresent()) {
        providerIs(earlier);
        ProviderSendResult result =
            new ProviderSendResult(proof.get().providerMessageId(), BigDecimal.ZERO, false);
        long now = Workflow.currentTimeMillis();
        acceptWithReason(
            earlier,
            attemptKey(j),
            result,
            now,
            "its late receipt ("
                + proof.get().status().name().toLowerCase()
                + ") proves it took the message: not sent through another provider");
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  private AttemptOutcome attempt(SendRequest request, SendPlan plan, String candidate, int index) {
    providerIs(candidate);
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
            attemptKey(index));
    long started = Workflow.currentTimeMillis();

    if (version >= LOCAL_PROVIDER_CALL) {
      LocalCall local = callLocally(plan, candidate, call);
      if (local.result() != null) {
        accept(candidate, call, local.result(), started, "accepted");
        return AttemptOutcome.taken(local.result());
      }
      if (local.failure() != null) {
        return afterFailure(plan, providers, candidate, call, started, local.failure());
      }
      // Stopped between tries by a signal.
      Optional<AttemptOutcome> proven =
          takenByReceipt(candidate, call, started, "before it was tried again");
      return proven.orElseGet(() -> stopped(candidate, call, started));
    }

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
        () ->
            promise.isCompleted()
                || cancelRequested
                || switchedAway.contains(candidate)
                || (version >= 1 && receiptFrom(candidate).isPresent()));
    if (!promise.isCompleted()) {
      // Stops the retries; a call in flight is seen through (the stub waits for it).
      scope.cancel();
      if (version >= 1 && receiptFrom(candidate).isPresent()) {
        // Proof is here: no need to wait for the call's end, whatever it says.
        return takenByReceipt(candidate, call, started, "while the call was still in progress")
            .orElseThrow();
      }
    }

    try {
      ProviderSendResult result = promise.get();
      accept(candidate, call, result, started, "accepted");
      return AttemptOutcome.taken(result);
    } catch (ActivityFailure failure) {
      return afterFailure(plan, providers, candidate, call, started, failure);
    }
  }

  /** What one provider's failed call means: a permanent failure, a proof, an ambiguity, a stop. */
  private AttemptOutcome afterFailure(
      SendPlan plan,
      ProviderActivities providers,
      String candidate,
      ProviderSendRequest call,
      long started,
      ActivityFailure failure) {
    String type = failureType(failure);
    String reason = describe(failure);
    if (SendFailures.INVALID_RECIPIENT.equals(type)) {
      note(candidate, call, "invalid_recipient", reason, started);
      errorCode = type;
      return new AttemptOutcome(Optional.empty(), true, false, reason);
    }
    if (version >= 1) {
      Optional<AttemptOutcome> proven =
          takenByReceipt(candidate, call, started, "although the call ended with: " + reason);
      if (proven.isPresent()) {
        return proven.get();
      }
    }
    if (failure.getCause() instanceof CanceledFailure) {
      return stopped(candidate, call, started);
    }
    if (version >= 1 && ambiguous(failure, type)) {
      return afterAmbiguous(plan, providers, candidate, call, started, reason);
    }
    if (ambiguous(failure, type)) {
      // The provider may have the message: ask before sending it anywhere else.
      ReconcileResult check = providers.reconcileWithProvider(call);
      if (check.found()) {
        ProviderSendResult found =
            new ProviderSendResult(check.providerMessageId(), BigDecimal.ZERO, false);
        accept(candidate, call, found, started, "reconciled");
        return AttemptOutcome.taken(found);
      }
      reason =
          reason
              + (check.askable()
                  ? " (provider confirms it has no such message)"
                  : " (provider cannot be asked; its idempotency key guarded the retries)");
    }
    note(candidate, call, "failed", reason, started);
    errorCode = type;
    return AttemptOutcome.notTaken(reason);
  }

  /** The attempt was stopped by {@code cancel} or {@code switchProvider}: noted, not taken. */
  private AttemptOutcome stopped(String candidate, ProviderSendRequest call, long started) {
    note(
        candidate,
        call,
        cancelRequested ? "cancelled" : "switched_away",
        cancelRequested ? cancelReason : "provider failed away from",
        started);
    return AttemptOutcome.notTaken("");
  }

  /**
   * How a provider call ended (version 2): with a result, with the failure of its last try, or
   * (both null) stopped between tries by a signal.
   */
  private record LocalCall(ProviderSendResult result, ActivityFailure failure) {}

  /**
   * The tries with one provider, each a local activity the SDK runs once. Between tries the send
   * waits out the plan's backoff (or the provider's Retry-After) on a durable timer that a cancel,
   * a switch away from the provider or a receipt from it ends; a call in flight is never cancelled.
   * Which failures are tried again is what the activity retry policy said before: all but the
   * non-retryable types.
   */
  private LocalCall callLocally(SendPlan plan, String candidate, ProviderSendRequest call) {
    ProviderActivities local = localProviderStub(plan);
    for (int attempt = 1; ; attempt++) {
      try {
        return new LocalCall(local.sendViaProvider(call), null);
      } catch (ActivityFailure failure) {
        if (attempt >= plan.maxAttemptsPerProvider() || !retryable(failure)) {
          return new LocalCall(null, failure);
        }
        publish();
        boolean stop =
            Workflow.await(
                retryDelay(plan, attempt, failure),
                () ->
                    cancelRequested
                        || switchedAway.contains(candidate)
                        || receiptFrom(candidate).isPresent());
        if (stop) {
          return new LocalCall(null, null);
        }
      }
    }
  }

  /** Whether the retry policy of the activity call would have tried again. */
  static boolean retryable(ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure app) {
      return !app.isNonRetryable() && !SendFailures.NOT_RETRYABLE.contains(app.getType());
    }
    return true;
  }

  /**
   * The delay before try {@code attempt + 1}: the provider's Retry-After when it gave one, else the
   * plan's backoff, capped at its longest interval.
   */
  static Duration retryDelay(SendPlan plan, int attempt, ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure app && app.getNextRetryDelay() != null) {
      return app.getNextRetryDelay();
    }
    double millis =
        plan.initialRetryInterval().toMillis() * Math.pow(plan.backoff(), attempt - 1.0);
    return Duration.ofMillis((long) Math.min(millis, plan.maxRetryInterval().toMillis()));
  }

  /**
   * A receipt from the candidate came while the send was deciding: it took the message. {@code
   * when} says when, for the attempt's record ("while the call was still in progress").
   */
  private Optional<AttemptOutcome> takenByReceipt(
      String candidate, ProviderSendRequest call, long started, String when) {
    Optional<DeliveryReceipt> proof = receiptFrom(candidate);
    if (proof.isEmpty()) {
      return Optional.empty();
    }
    ProviderSendResult result =
        new ProviderSendResult(proof.get().providerMessageId(), BigDecimal.ZERO, false);
    acceptWithReason(
        candidate,
        call.idempotencyKey(),
        result,
        started,
        "its receipt ("
            + proof.get().status().name().toLowerCase()
            + ") proves it took the message "
            + when
            + "; not failed over");
    return Optional.of(AttemptOutcome.taken(result));
  }

  /**
   * The provider may have the message (no answer in time, an unreadable answer). Sending it
   * elsewhere now could deliver it twice, so: wait for the provider's receipts, then ask it where
   * it can be asked, and fail over only when it confirms it has no such message — or, when it
   * cannot be asked, only if the plan chose at-least-once.
   */
  private AttemptOutcome afterAmbiguous(
      SendPlan plan,
      ProviderActivities providers,
      String candidate,
      ProviderSendRequest call,
      long started,
      String reason) {
    Duration grace = plan.ambiguousGraceOrZero();
    publish();
    if (grace.isPositive()) {
      Workflow.await(grace, () -> receiptFrom(candidate).isPresent() || cancelRequested);
      Optional<AttemptOutcome> proven =
          takenByReceipt(candidate, call, started, "after the call ended with: " + reason);
      if (proven.isPresent()) {
        return proven.get();
      }
    }
    ReconcileResult check;
    try {
      check = providers.reconcileWithProvider(call);
    } catch (ActivityFailure askFailed) {
      // Asking failed too (the provider is down): as good as not askable.
      check = new ReconcileResult(false, false, "");
      reason = reason + "; asking it failed: " + describe(askFailed);
    }
    if (check.found()) {
      ProviderSendResult found =
          new ProviderSendResult(check.providerMessageId(), BigDecimal.ZERO, false);
      accept(candidate, call, found, started, "reconciled");
      return AttemptOutcome.taken(found);
    }
    if (check.askable()) {
      reason = reason + " (provider confirms it has no such message)";
      note(candidate, call, "failed", reason, started);
      errorCode = SendFailures.TIMEOUT;
      return AttemptOutcome.notTaken(reason);
    }
    String unsure =
        reason
            + "; "
            + candidate
            + " may have the message: no receipt within "
            + grace
            + " and it cannot be asked";
    if (plan.failOverWhenUnsure()) {
      reason = unsure + " (at-least-once: failing over, a duplicate is possible)";
      note(candidate, call, "failed", reason, started);
      errorCode = SendFailures.TIMEOUT;
      return AttemptOutcome.notTaken(reason);
    }
    reason = unsure + " (at most once: not sent through another provider)";
    note(candidate, call, "unknown", reason, started);
    return new AttemptOutcome(Optional.empty(), false, true, reason);
  }

  private MessageState awaitReceipt(SendRequest request, SendPlan plan, long acceptedAt) {
    publish();
    boolean settled = Workflow.await(plan.receiptTimeout(), () -> finalReceipt().isPresent());
    Optional<DeliveryReceipt> receipt = finalReceipt();
    if (!settled || receipt.isEmpty()) {
      // No receipt: ask the provider where it can be asked, else the message expires unconfirmed.
      DeliveryCheck check;
      try {
        check = providerStub(plan).checkDelivery(provider, providerMessageId);
      } catch (ActivityFailure askFailed) {
        check = new DeliveryCheck(false, ReceiptStatus.SENT);
      }
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
        suppress(request, "bounce", describe(receipt));
        yield finish(request, acceptedAt, MessageStatus.UNDELIVERED, "bounce", describe(receipt));
      }
      case COMPLAINED -> {
        suppress(request, "complaint", describe(receipt));
        yield finish(request, acceptedAt, MessageStatus.DELIVERED, "", "");
      }
      case SENT -> finish(request, acceptedAt, MessageStatus.EXPIRED, "receipt_timeout", "");
    };
  }

  private void suppress(SendRequest request, String reason, String detail) {
    try {
      records.suppressRecipient(
          request.tenantId(), request.channel(), request.to(), reason, detail);
    } catch (ActivityFailure databaseGone) {
      log.warn("message {}: recipient not suppressed: {}", messageId, describe(databaseGone));
    }
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
    record(candidate, call.idempotencyKey(), result, started, outcome, "");
  }

  private void acceptWithReason(
      String candidate, String key, ProviderSendResult result, long started, String why) {
    record(candidate, key, result, started, "accepted", why);
  }

  private void record(
      String candidate,
      String key,
      ProviderSendResult result,
      long started,
      String outcome,
      String why) {
    providerMessageId = result.providerMessageId();
    cost = cost.add(result.costUsd());
    long now = Workflow.currentTimeMillis();
    AttemptRecord record =
        new AttemptRecord(
            candidate,
            key,
            outcome,
            why,
            result.providerMessageId(),
            result.costUsd(),
            now,
            now - started);
    attempts.add(record);
    if (!result.deliveredOnAccept()) {
      moveTo(MessageStatus.SENT);
    }
    recordAttempt(record);
  }

  /** Records an attempt; a database that stays down past the tolerance loses only this row. */
  private void recordAttempt(AttemptRecord record) {
    try {
      records.recordAttempt(messageId, record, status, attempts.size());
    } catch (ActivityFailure databaseGone) {
      log.warn("message {}: attempt not recorded: {}", messageId, describe(databaseGone));
    }
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
    recordAttempt(record);
    log.info("message {}: provider {} {}: {}", messageId, candidate, outcome, reason);
  }

  /** Version 2's provider call: one try, the loop in {@link #callLocally} makes the others. */
  private ProviderActivities localProviderStub(SendPlan plan) {
    return Workflow.newLocalActivityStub(
        ProviderActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(plan.sendTimeout())
            // Waiting for a local-activity slot counts too: one more call's time for that.
            .setScheduleToCloseTimeout(plan.sendTimeout().multipliedBy(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            // The request is the workflow's input already: the marker keeps only the result.
            .setDoNotIncludeArgumentsIntoMarker(true)
            .build());
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
    MessageFinal outcome =
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
            Workflow.currentTimeMillis());
    try {
      records.recordFinal(outcome);
    } catch (ActivityFailure databaseGone) {
      // The send reconciler writes the final status from this workflow's result later.
      log.warn("message {}: final status not recorded: {}", messageId, describe(databaseGone));
    }
    publish();
    return status();
  }

  private void moveTo(MessageStatus next) {
    if (status.canMoveTo(next)) {
      status = next;
      if (version >= LOCAL_PROVIDER_CALL) {
        attributesChanged = true;
      } else {
        Workflow.upsertTypedSearchAttributes(
            SearchAttributes.MESSAGE_STATUS.valueSet(next.wireName()));
      }
    }
  }

  private void providerIs(String name) {
    provider = name;
    if (version >= LOCAL_PROVIDER_CALL) {
      attributesChanged = true;
    } else {
      Workflow.upsertTypedSearchAttributes(SearchAttributes.PROVIDER.valueSet(name));
    }
  }

  /**
   * Version 2: one upsert of the status and provider before the send waits (a timer, an activity)
   * or ends. Changes inside one workflow task reach the engine together anyway, so one command
   * carries them all.
   */
  private void publish() {
    if (!attributesChanged) {
      return;
    }
    attributesChanged = false;
    if (provider.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.MESSAGE_STATUS.valueSet(status.wireName()));
    } else {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.MESSAGE_STATUS.valueSet(status.wireName()),
          SearchAttributes.PROVIDER.valueSet(provider));
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
