package io.iris.workflows.send;

import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Hand-written activity fakes: scripted providers and recorded bookkeeping. */
final class SendFakes {

  private SendFakes() {}

  static SendRequest sms(String messageId) {
    return new SendRequest(
        messageId,
        "00000000-0000-0000-0000-0000000000aa",
        Channel.SMS,
        "+14155550100",
        "",
        "",
        "hello",
        "normal",
        Map.of(),
        "");
  }

  static SendRequest slack(String messageId) {
    return new SendRequest(
        messageId,
        "00000000-0000-0000-0000-0000000000aa",
        Channel.SLACK,
        "C0123",
        "",
        "",
        "hello",
        "normal",
        Map.of(),
        "");
  }

  /**
   * A database outage as the bookkeeping sees it: the first {@code failedCalls} calls hang for
   * {@code hang} (a pool waiting for a connection), or fail at once when {@code hang} is zero
   * (connection refused).
   */
  record Outage(int failedCalls, Duration hang) {
    void fail() {
      if (hang.isPositive()) {
        try {
          Thread.sleep(hang.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      throw new IllegalStateException("Connection to localhost:5432 refused");
    }
  }

  static SendPlan plan(List<String> providers) {
    return new SendPlan(
        providers,
        Duration.ofMinutes(10),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        2.0,
        Duration.ofSeconds(15),
        Duration.ofMinutes(2),
        false,
        "configured order");
  }

  /** Providers whose answers a test scripts per provider name. */
  static final class Providers implements ProviderActivities {
    final Map<String, Function<ProviderSendRequest, ProviderSendResult>> behaviour =
        new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    volatile ReconcileResult reconcile = new ReconcileResult(false, false, "");
    volatile DeliveryCheck delivery = new DeliveryCheck(false, ReceiptStatus.SENT);
    volatile String reconcileFailure = "";
    volatile String deliveryFailure = "";

    Providers accepting(String provider) {
      behaviour.put(
          provider,
          r ->
              new ProviderSendResult(
                  provider + "-id-" + r.messageId(),
                  new BigDecimal("0.0079"),
                  r.channel() != Channel.SMS && r.channel() != Channel.EMAIL));
      return this;
    }

    Providers failing(String provider, String type) {
      behaviour.put(
          provider,
          r -> {
            throw ApplicationFailure.newFailure(provider + " answered " + type, type);
          });
      return this;
    }

    Providers failingTimes(String provider, int times, String type) {
      AtomicInteger left = new AtomicInteger(times);
      Function<ProviderSendRequest, ProviderSendResult> ok =
          r -> new ProviderSendResult(provider + "-id", new BigDecimal("0.004"), false);
      behaviour.put(
          provider,
          r -> {
            if (left.getAndDecrement() > 0) {
              throw ApplicationFailure.newFailure(provider + " answered " + type, type);
            }
            return ok.apply(r);
          });
      return this;
    }

    /** The first call fails with {@code type}, saying to try again after {@code retryAfter}. */
    Providers failingOnceWithRetryAfter(String provider, String type, Duration retryAfter) {
      AtomicInteger left = new AtomicInteger(1);
      behaviour.put(
          provider,
          r -> {
            if (left.getAndDecrement() > 0) {
              throw ApplicationFailure.newFailureWithCauseAndDelay(
                  provider + " answered " + type, type, null, retryAfter);
            }
            return new ProviderSendResult(provider + "-id", new BigDecimal("0.004"), false);
          });
      return this;
    }

    /** Takes the message after {@code takes} of real time (a call in flight). */
    Providers slowAccepting(String provider, Duration takes) {
      behaviour.put(
          provider,
          r -> {
            try {
              Thread.sleep(takes.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new ProviderSendResult(provider + "-id", new BigDecimal("0.004"), false);
          });
      return this;
    }

    int callsTo(String provider) {
      return calls.getOrDefault(provider, new AtomicInteger()).get();
    }

    @Override
    public ProviderSendResult sendViaProvider(ProviderSendRequest request) {
      calls.computeIfAbsent(request.provider(), p -> new AtomicInteger()).incrementAndGet();
      idempotencyKeys.add(request.provider() + "=" + request.idempotencyKey());
      var b = behaviour.get(request.provider());
      if (b == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no such provider", SendFailures.UNKNOWN_PROVIDER);
      }
      return b.apply(request);
    }

    @Override
    public ReconcileResult reconcileWithProvider(ProviderSendRequest request) {
      if (!reconcileFailure.isEmpty()) {
        throw ApplicationFailure.newFailure("asking failed: " + reconcileFailure, reconcileFailure);
      }
      return reconcile;
    }

    @Override
    public DeliveryCheck checkDelivery(String provider, String providerMessageId) {
      if (!deliveryFailure.isEmpty()) {
        throw ApplicationFailure.newFailure(
            "status poll failed: " + deliveryFailure, deliveryFailure);
      }
      return delivery;
    }
  }

  /** Bookkeeping that remembers what the workflow recorded. */
  static class Records implements SendRecordActivities {
    volatile PolicyDecision policy = PolicyDecision.allow();
    volatile SendPlan plan = plan(List.of("twilio", "telnyx"));
    final List<MessageFinal> finals = new CopyOnWriteArrayList<>();
    final List<AttemptRecord> attempts = new CopyOnWriteArrayList<>();
    final List<String> suppressed = new CopyOnWriteArrayList<>();
    final List<String> registered = new CopyOnWriteArrayList<>();
    final AtomicInteger prepareCalls = new AtomicInteger();
    volatile Outage outage = new Outage(0, Duration.ZERO);

    @Override
    public SendPreparation prepareSend(SendRequest request, long acceptedAtMillis) {
      if (prepareCalls.incrementAndGet() <= outage.failedCalls()) {
        outage.fail();
      }
      registered.add(request.messageId());
      return new SendPreparation(policy, plan);
    }

    @Override
    public void recordAttempt(
        String messageId, AttemptRecord attempt, MessageStatus status, int attemptCount) {
      attempts.add(attempt);
    }

    @Override
    public void recordFinal(MessageFinal result) {
      finals.add(result);
    }

    @Override
    public void suppressRecipient(
        String tenantId, Channel channel, String address, String reason, String detail) {
      suppressed.add(channel.wireName() + ":" + address + ":" + reason);
    }

    List<String> outcomes() {
      List<String> out = new ArrayList<>();
      attempts.forEach(a -> out.add(a.provider() + ":" + a.outcome()));
      return out;
    }
  }
}
