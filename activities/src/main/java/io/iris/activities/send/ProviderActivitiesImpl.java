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

  public ProviderActivitiesImpl(
      ProviderRegistry providers,
      MessageStore messages,
      ReconcileSettings reconcile,
      HealthRecorder health) {
    this.providers = providers;
    this.messages = messages;
    this.reconcile = reconcile;
    this.health = health;
  }

  @Override
  public ProviderSendResult sendViaProvider(ProviderSendRequest request) {
    ProviderAdapter adapter = adapter(request.provider());
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
      throw failure(e, adapter.dropsRepeatedSends());
    } catch (RuntimeException e) {
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
