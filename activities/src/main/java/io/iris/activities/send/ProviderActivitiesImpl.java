package io.iris.activities.send;

import io.iris.activities.routing.CallOutcome;
import io.iris.activities.routing.HealthRecorder;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.integrations.spi.ReconcileSettings;
import io.iris.integrations.spi.Reconciliation;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.send.DeliveryCheck;
import io.iris.workflows.send.ProviderActivities;
import io.iris.workflows.send.ProviderSendRequest;
import io.iris.workflows.send.ProviderSendResult;
import io.iris.workflows.send.ReceiptStatus;
import io.iris.workflows.send.ReconcileResult;
import io.iris.workflows.send.SendFailures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Provider calls through the adapters; failures become typed Temporal failures. Each send is timed
 * and its outcome told to the {@link HealthRecorder} (in memory: the send path gains no I/O).
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.SEND)
public class ProviderActivitiesImpl implements ProviderActivities {

  private static final Logger log = LoggerFactory.getLogger(ProviderActivitiesImpl.class);

  private final ProviderRegistry providers;
  private final MessageStore messages;
  private final ReconcileSettings reconcile;
  private final HealthRecorder health;
  private final ProviderCallLedger ledger;

  public ProviderActivitiesImpl(
      ProviderRegistry providers,
      MessageStore messages,
      ReconcileSettings reconcile,
      HealthRecorder health,
      ProviderCallLedger ledger) {
    this.providers = providers;
    this.messages = messages;
    this.reconcile = reconcile;
    this.health = health;
    this.ledger = ledger;
  }

  /**
   * Hands the message over once per idempotency key, whatever the provider does with repeats: the
   * key is claimed in {@code provider_calls} first. A key the provider already accepted returns
   * that acceptance without a call (the send's local activity run again after its workflow task was
   * lost); a key claimed by a call that never answered (in flight, or its worker died) fails as
   * {@code TIMEOUT}, not retried, so the workflow asks the provider instead of sending blind —
   * unless the provider drops repeated keys itself. With the database unreachable the call is made
   * without the ledger, as before it existed: a send never waits for bookkeeping.
   */
  @Override
  public ProviderSendResult sendViaProvider(ProviderSendRequest request) {
    ProviderAdapter adapter = adapter(request.provider());
    String key = request.idempotencyKey();
    boolean claimed = false;
    try {
      ProviderCallLedger.Claim claim = ledger.claim(key, request.provider(), Instant.now());
      if (claim instanceof ProviderCallLedger.Claim.Accepted already) {
        log.info(
            "message {}: {} already took it under key {} as {}: not sent again",
            request.messageId(),
            request.provider(),
            key,
            already.result().providerMessageId());
        return already.result();
      }
      if (claim instanceof ProviderCallLedger.Claim.Open open && !adapter.dropsRepeatedSends()) {
        throw ApplicationFailure.newNonRetryableFailure(
            request.provider()
                + ": a call with key "
                + key
                + " began at "
                + open.claimedAt()
                + " and never answered (in flight, or its worker stopped): not sent again",
            SendFailures.TIMEOUT);
      }
      claimed = true; // granted, or open with a provider that drops the repeat itself
    } catch (DataAccessException | org.jooq.exception.DataAccessException e) {
      log.warn(
          "message {}: provider call ledger unreachable, calling {} without it: {}",
          request.messageId(),
          request.provider(),
          e.getMessage());
    }
    ProviderSendResult result = call(adapter, request);
    if (claimed) {
      try {
        ledger.accepted(key, result, Instant.now());
      } catch (DataAccessException | org.jooq.exception.DataAccessException e) {
        log.warn(
            "message {}: acceptance not kept in the ledger: {}",
            request.messageId(),
            e.getMessage());
      }
    }
    return result;
  }

  /** The call itself; a failure the provider surely did not take the message on frees the key. */
  private ProviderSendResult call(ProviderAdapter adapter, ProviderSendRequest request) {
    OutboundMessage message = outbound(request);
    long started = System.nanoTime();
    try {
      ProviderAcceptance accepted = adapter.send(message);
      health.call(
          request.provider(),
          request.channel(),
          CallOutcome.ACCEPTED,
          elapsedMs(started),
          accepted.costUsd());
      log.debug(
          "message {} accepted by {} as {}",
          request.messageId(),
          request.provider(),
          accepted.providerMessageId());
      return new ProviderSendResult(
          accepted.providerMessageId(), accepted.costUsd(), accepted.deliveredOnAccept());
    } catch (ProviderException e) {
      health.call(
          request.provider(),
          request.channel(),
          CallOutcome.of(e.kind()),
          elapsedMs(started),
          BigDecimal.ZERO);
      log.warn(
          "message {}: {} failed ({}, HTTP {}): {}",
          request.messageId(),
          request.provider(),
          e.kind(),
          e.httpStatus(),
          e.getMessage());
      if (e.kind() != ProviderException.Kind.TIMEOUT) {
        // The provider may have it after a timeout: that key stays claimed.
        release(request);
      }
      throw failure(e, adapter.dropsRepeatedSends());
    } catch (RuntimeException e) {
      release(request);
      // Not in the adapter's contract: the provider's fault as far as health goes, then as before.
      health.call(
          request.provider(),
          request.channel(),
          CallOutcome.ERROR,
          elapsedMs(started),
          BigDecimal.ZERO);
      throw e;
    }
  }

  private void release(ProviderSendRequest request) {
    try {
      ledger.failed(request.idempotencyKey(), Instant.now());
    } catch (DataAccessException | org.jooq.exception.DataAccessException e) {
      log.warn(
          "message {}: failed call not kept in the ledger: {}",
          request.messageId(),
          e.getMessage());
    }
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /**
   * Looks for the message at the provider from when we accepted it (less the clock allowance). A
   * failure to ask is a failure of this activity, never "not found"; so is a message we have no row
   * for (the window cannot be placed), which is "cannot be asked".
   */
  @Override
  public ReconcileResult reconcileWithProvider(ProviderSendRequest request) {
    ProviderAdapter adapter = adapter(request.provider());
    UUID messageId = UUID.fromString(request.messageId());
    Optional<Instant> accepted = messages.findById(messageId).map(MessageStore.Message::createdAt);
    if (accepted.isEmpty()) {
      log.warn("message {}: no row, so {} cannot be asked about it", messageId, adapter.name());
      return new ReconcileResult(false, false, "");
    }
    Reconciliation r;
    try {
      r = adapter.reconcile(outbound(request), accepted.get().minus(reconcile.clockSkew()));
    } catch (ProviderException e) {
      log.warn(
          "message {}: asking {} failed ({}, HTTP {}): {}",
          request.messageId(),
          request.provider(),
          e.kind(),
          e.httpStatus(),
          e.getMessage());
      // Asking is a read: trying again cannot send anything.
      throw failure(e, true);
    }
    log.info("message {}: {} says {}", messageId, adapter.name(), r.state());
    return switch (r.state()) {
      case FOUND -> new ReconcileResult(true, true, r.providerMessageId());
      case NOT_FOUND -> new ReconcileResult(true, false, "");
      case UNSUPPORTED -> new ReconcileResult(false, false, "");
    };
  }

  @Override
  public DeliveryCheck checkDelivery(String provider, String providerMessageId) {
    if (providerMessageId.isEmpty()) {
      return new DeliveryCheck(false, ReceiptStatus.SENT);
    }
    try {
      return adapter(provider)
          .deliveryStatus(providerMessageId)
          .map(status -> new DeliveryCheck(true, status))
          .orElse(new DeliveryCheck(false, ReceiptStatus.SENT));
    } catch (ProviderException e) {
      throw failure(e, true);
    }
  }

  /**
   * The failure the workflow sees: its type is the kind, Retry-After becomes the next delay.
   *
   * @param repeatable whether doing the call again cannot duplicate anything: true for lookups and
   *     for sends whose receiver drops a repeated idempotency key. A send that may have reached a
   *     provider that does not ({@code TIMEOUT}) fails without a retry, so the workflow can ask the
   *     provider instead of sending a second copy.
   */
  static ApplicationFailure failure(ProviderException e, boolean repeatable) {
    String type = e.kind().name();
    String message = e.provider() + ": " + e.getMessage();
    if (e.kind() == ProviderException.Kind.TIMEOUT && !repeatable) {
      return ApplicationFailure.newNonRetryableFailure(
          message + " (not retried: " + e.provider() + " would send it again)", type);
    }
    if (e.retryAfter().isPresent()) {
      return ApplicationFailure.newFailureWithCauseAndDelay(
          message, type, null, e.retryAfter().get());
    }
    return SendFailures.NOT_RETRYABLE.contains(type)
        ? ApplicationFailure.newNonRetryableFailure(message, type)
        : ApplicationFailure.newFailure(message, type);
  }

  private ProviderAdapter adapter(String name) {
    return providers
        .find(name)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "no provider named '" + name + "' is configured",
                    SendFailures.UNKNOWN_PROVIDER));
  }

  private static OutboundMessage outbound(ProviderSendRequest r) {
    return new OutboundMessage(
        UUID.fromString(r.messageId()),
        r.tenantId(),
        r.channel(),
        r.to(),
        r.from(),
        r.subject(),
        r.body(),
        r.metadata(),
        r.idempotencyKey());
  }
}
