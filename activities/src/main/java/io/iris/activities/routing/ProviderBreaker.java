package io.iris.activities.routing;

import io.iris.workflows.routing.BreakerWindow;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.send.Channel;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Fast failover (plan §3): one {@link BreakerWindow} per provider and channel in this process, fed
 * with every provider call. Only calls that count against the provider ({@link
 * CallOutcome#failure()}) count as failures; a refused recipient or request is not the provider's
 * fault and is not counted at all.
 *
 * <p>On a trip it marks the provider failed over in the {@link RoutingSnapshot} at once, so new
 * sends here leave it, and asks the {@link FailoverStarter} for the shared failover on a virtual
 * thread of its own: the sending thread never waits for Temporal. Then it stays quiet until the
 * provider's routing state changes; every change starts a fresh window, so each fail-back step is
 * judged on new traffic. While the provider is failed over there is nothing to trip. Without a
 * {@code FailoverStarter} (a context without workers) only the local trip applies.
 *
 * <p>{@code IRIS_FAILOVER_BREAKER_ENABLED} turns it off.
 */
@Component
public class ProviderBreaker implements ProviderCallListener {

  private static final Logger log = LoggerFactory.getLogger(ProviderBreaker.class);

  private final FailoverSettings.Breaker settings;
  private final RoutingSnapshot snapshot;
  private final ObjectProvider<FailoverStarter> starter;
  private final Clock clock;
  private final Map<RoutingSnapshot.Key, Slot> slots = new ConcurrentHashMap<>();

  /** One provider's window and the state generation it judges. */
  private static final class Slot {
    final BreakerWindow window;
    long generation;

    Slot(BreakerWindow window, long generation) {
      this.window = window;
      this.generation = generation;
    }
  }

  public ProviderBreaker(
      FailoverSettings failover,
      RoutingSnapshot snapshot,
      ObjectProvider<FailoverStarter> starter,
      Clock clock) {
    this.settings = failover.breaker();
    this.snapshot = snapshot;
    this.starter = starter;
    this.clock = clock;
  }

  @Override
  public void onCall(ProviderCall call) {
    if (!settings.enabled()) {
      return;
    }
    CallOutcome outcome = call.outcome();
    if (outcome == CallOutcome.REJECTED) {
      return;
    }
    String provider = call.provider();
    Channel channel = call.channel();
    long generation = snapshot.generation(provider, channel);
    Slot slot =
        slots.computeIfAbsent(
            new RoutingSnapshot.Key(provider, channel),
            k ->
                new Slot(
                    new BreakerWindow(
                        settings.minAttempts(), settings.window(), settings.failureRate()),
                    generation));
    String trip;
    synchronized (slot) {
      if (slot.generation != generation) {
        slot.window.reset();
        slot.generation = generation;
      }
      if (snapshot.isFailedOver(provider, channel)) {
        return;
      }
      if (!slot.window.record(call.atMillis(), outcome.failure())) {
        return;
      }
      trip = slot.window.describe();
    }
    snapshot.markLocallyFailedOver(provider, channel, trip);
    FailoverStarter failover = starter.getIfAvailable();
    if (failover == null) {
      log.warn(
          "breaker: {} on {} tripped ({}); no failover starter here, so only this process routes"
              + " away",
          provider,
          channel,
          trip);
      return;
    }
    FailoverRequest request =
        new FailoverRequest(
            UUID.randomUUID().toString(),
            provider,
            channel,
            FailoverTrigger.BREAKER,
            trip,
            "",
            clock.millis());
    Thread.ofVirtual()
        .name("breaker-failover-" + channel.wireName() + "-" + provider)
        .start(() -> requestFailover(failover, request));
  }

  private static void requestFailover(FailoverStarter failover, FailoverRequest request) {
    try {
      String workflowId = failover.request(request);
      log.warn(
          "breaker: {} on {} tripped ({}); failover {} asked of {}",
          request.provider(),
          request.channel(),
          request.reason(),
          request.failoverId(),
          workflowId);
    } catch (RuntimeException e) {
      // The local trip holds meanwhile; it ends after the re-evaluation delay, and a provider still
      // failing trips again then.
      log.warn(
          "breaker: {} on {} tripped ({}), but the failover could not be asked for: {}",
          request.provider(),
          request.channel(),
          request.reason(),
          e.toString());
    }
  }
}
