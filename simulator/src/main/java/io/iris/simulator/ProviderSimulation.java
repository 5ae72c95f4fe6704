package io.iris.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One simulated provider's state: how it behaves, what it received, and which idempotency keys it
 * has seen. A repeated key gets the message already recorded under it, never a second one.
 */
final class ProviderSimulation {

  /** The result of a send: the message, and whether it was already there under the same key. */
  record Accepted(ReceivedMessage message, boolean repeated) {}

  private final SimulatedProvider provider;
  private final Random random;
  private final Clock clock;
  private volatile Behavior behavior = Behavior.NORMAL;
  private final Map<String, ReceivedMessage> messages = new LinkedHashMap<>();
  private final Map<String, String> idsByKey = new HashMap<>();
  private final Map<String, Integer> attempts = new HashMap<>();

  ProviderSimulation(SimulatedProvider provider, Random random, Clock clock) {
    this.provider = provider;
    this.random = random;
    this.clock = clock;
  }

  SimulatedProvider provider() {
    return provider;
  }

  Behavior behavior() {
    return behavior;
  }

  void behave(Behavior behavior) {
    this.behavior = behavior;
  }

  /**
   * Counts the request, then says whether the provider fails it this time (with the configured
   * probability; always at 1.0, never at 0).
   */
  boolean admit(Incoming request) {
    synchronized (this) {
      attempts.merge(request.attemptKey(), 1, Integer::sum);
    }
    double rate = behavior.failureRate();
    return rate >= 1.0 || (rate > 0.0 && random.nextDouble() < rate);
  }

  /** A random draw in [0, 1), from the same seeded source as the failures. */
  double draw() {
    return random.nextDouble();
  }

  /**
   * Records the message, or, when {@code deduplicate} and its idempotency key was seen, returns the
   * message recorded under that key.
   */
  synchronized Accepted accept(
      Incoming request,
      boolean deduplicate,
      Supplier<String> newId,
      String initialStatus,
      Map<String, String> details) {
    boolean keyed = deduplicate && !request.idempotencyKey().isEmpty();
    if (keyed) {
      String known = idsByKey.get(request.idempotencyKey());
      if (known != null && messages.containsKey(known)) {
        return new Accepted(messages.get(known), true);
      }
    }
    ReceivedMessage message =
        new ReceivedMessage(
            newId.get(),
            request,
            clock.instant(),
            behavior.receipt(),
            Map.copyOf(details),
            new ReceivedMessage.MutableStatus(initialStatus));
    messages.put(message.id(), message);
    if (keyed) {
      idsByKey.put(request.idempotencyKey(), message.id());
    }
    return new Accepted(message, false);
  }

  synchronized Optional<ReceivedMessage> find(String id) {
    return Optional.ofNullable(messages.get(id));
  }

  synchronized List<ReceivedMessage> received() {
    return new ArrayList<>(messages.values());
  }

  synchronized List<SimulatedMessage> views() {
    return messages.values().stream()
        .map(m -> m.view(attempts.getOrDefault(m.request().attemptKey(), 1)))
        .toList();
  }

  /** Forgets every message, key and attempt; the behavior stays. */
  synchronized void reset() {
    messages.clear();
    idsByKey.clear();
    attempts.clear();
  }

  /** Delays the answer by the configured latency. */
  void pause() {
    long latency = behavior.latencyMs();
    if (latency <= 0) {
      return;
    }
    try {
      Thread.sleep(latency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
