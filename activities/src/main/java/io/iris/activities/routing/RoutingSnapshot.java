package io.iris.activities.routing;

import io.iris.activities.platform.BackgroundRefresh;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderScoreRow.Window;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * What routing knows, in memory: each provider's stored routing state ({@code provider_routing}),
 * its latest scores for both windows ({@code provider_health_scores}), and the breaker's local
 * trips. The send path reads only this, never the database: it is re-read every {@code
 * IRIS_ROUTING_REFRESH_INTERVAL} on a virtual thread (and soon after a trip), and a failed re-read
 * keeps the last snapshot, so a database outage never fails a send for routing's sake.
 *
 * <p>A local trip ({@link #markLocallyFailedOver}) makes the provider failed over in this process
 * at once, before the shared state says so. It lasts until the provider's stored state changes (the
 * failover the breaker asked for marks it, or a fail-back step moves it), or, when no stored change
 * comes (no failover could be started), for {@code IRIS_FAILOVER_REEVALUATION_DELAY}; then the
 * provider is judged afresh on new traffic.
 *
 * <p>{@link #generation} counts the changes of each provider's state here (stored changes, and a
 * local trip's end), so the breaker can start a fresh window on each.
 */
@Component
public class RoutingSnapshot implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RoutingSnapshot.class);

  /** A provider on a channel. */
  public record Key(String provider, Channel channel) {
    public Key {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /**
   * A trip of this process's breaker.
   *
   * @param reason e.g. "6 of the last 10 calls failed within 30s"
   * @param at when it tripped
   * @param storedAtTrip the provider's stored state when it tripped (empty: no row)
   */
  public record LocalTrip(String reason, Instant at, Optional<RoutingState> storedAtTrip) {}

  /**
   * One provider as routing sees it now.
   *
   * @param stored its row in {@code provider_routing}; empty means healthy at weight 100
   * @param localTrip this process's breaker trip, while it lasts
   * @param ranking its latest ranking-window score; empty before the first evaluation
   * @param current its latest current-window score
   */
  public record ProviderView(
      String provider,
      Channel channel,
      Optional<RoutingState> stored,
      Optional<LocalTrip> localTrip,
      Optional<ProviderScoreRow> ranking,
      Optional<ProviderScoreRow> current) {

    /** The state routing uses: a local trip is failed over whatever the stored state says. */
    public ProviderStatus status() {
      if (localTrip.isPresent()) {
        return ProviderStatus.FAILED_OVER;
      }
      return stored.map(RoutingState::status).orElse(ProviderStatus.HEALTHY);
    }

    /** The share of new sends it may take as primary, 0 to 100 (failed over: 0). */
    public int weight() {
      ProviderStatus status = status();
      if (status == ProviderStatus.FAILED_OVER) {
        return 0;
      }
      if (status == ProviderStatus.HEALTHY) {
        return 100;
      }
      return stored.map(s -> Math.max(0, Math.min(100, s.weight()))).orElse(100);
    }

    /** Why it is in its state: the trip's or the stored reason; empty for a healthy provider. */
    public String stateReason() {
      if (localTrip.isPresent()) {
        return localTrip.get().reason();
      }
      return stored
          .filter(s -> s.status() != ProviderStatus.HEALTHY)
          .map(RoutingState::reason)
          .orElse("");
    }

    /** The latest change of its state or scores, if any. */
    public Optional<Instant> updatedAt() {
      Instant latest = null;
      for (Optional<Instant> at :
          List.of(
              stored.map(RoutingState::updatedAt),
              localTrip.map(LocalTrip::at),
              ranking.map(r -> Instant.ofEpochMilli(r.evaluatedAtMillis())),
              current.map(r -> Instant.ofEpochMilli(r.evaluatedAtMillis())))) {
        if (at.isPresent() && (latest == null || at.get().isAfter(latest))) {
          latest = at.get();
        }
      }
      return Optional.ofNullable(latest);
    }
  }

  /** What the last successful refresh read. */
  private record Loaded(
      Map<Key, RoutingState> states,
      Map<Key, ProviderScoreRow> ranking,
      Map<Key, ProviderScoreRow> current,
      Instant at) {}

  private final ProviderRoutingStore states;
  private final HealthScoreStore scores;
  private final RoutingSettings routing;
  private final FailoverSettings failover;
  private final Clock clock;

  private volatile Loaded loaded = new Loaded(Map.of(), Map.of(), Map.of(), Instant.EPOCH);
  private final Map<Key, LocalTrip> trips = new ConcurrentHashMap<>();
  private final Map<Key, Long> generations = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong clears =
      new java.util.concurrent.atomic.AtomicLong();
  private final BackgroundRefresh refresher;
  private volatile boolean failing;

  public RoutingSnapshot(
      ProviderRoutingStore states,
      HealthScoreStore scores,
      RoutingSettings routing,
      FailoverSettings failover,
      Clock clock) {
    this.states = states;
    this.scores = scores;
    this.routing = routing;
    this.failover = failover;
    this.clock = clock;
    this.refresher =
        new BackgroundRefresh("routing-snapshot-refresh", routing.refreshInterval(), this::refresh);
  }

  /** The provider as routing sees it now. */
  public ProviderView provider(String provider, Channel channel) {
    Key key = new Key(provider, channel);
    Loaded now = loaded;
    return new ProviderView(
        provider,
        channel,
        Optional.ofNullable(now.states().get(key)),
        Optional.ofNullable(trips.get(key)),
        Optional.ofNullable(now.ranking().get(key)),
        Optional.ofNullable(now.current().get(key)));
  }

  /** Whether the provider is failed over here now (stored, or tripped locally). */
  public boolean isFailedOver(String provider, Channel channel) {
    return provider(provider, channel).status() == ProviderStatus.FAILED_OVER;
  }

  /** Changes of the provider's state seen here so far (stored changes and local trips' ends). */
  public long generation(String provider, Channel channel) {
    return generations.getOrDefault(new Key(provider, channel), 0L) + clears.get();
  }

  /**
   * {@code clear_cache} (remediation): drops this process's local trips, moves every provider to a
   * new generation (so the breaker starts each window afresh) and re-reads the shared state.
   */
  public void clearLocal() {
    int dropped = trips.size();
    trips.clear();
    clears.incrementAndGet();
    log.warn(
        "routing: cache cleared: {} local trip(s) dropped, breaker windows start afresh", dropped);
    refresh();
  }

  /** When the last successful refresh read the database; empty before the first. */
  public Optional<Instant> loadedAt() {
    Instant at = loaded.at();
    return at.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(at);
  }

  /**
   * The breaker tripped: the provider is failed over in this process at once (new sends here leave
   * it), and the snapshot is re-read soon. Never blocks.
   */
  public void markLocallyFailedOver(String provider, Channel channel, String reason) {
    Key key = new Key(provider, channel);
    trips.put(
        key, new LocalTrip(reason, clock.instant(), Optional.ofNullable(loaded.states().get(key))));
    log.warn("routing: {} on {} failed over in this process: {}", provider, channel, reason);
    refresher.wake();
  }

  /**
   * Re-reads the routing states and the latest scores. On failure (the database is down) the last
   * snapshot stays and false is returned; it never throws.
   */
  public boolean refresh() {
    Loaded next;
    try {
      List<RoutingState> rows = states.all();
      List<ProviderScoreRow> latest = scores.latest();
      Map<Key, RoutingState> byKey = new HashMap<>();
      for (RoutingState row : rows) {
        byKey.put(new Key(row.provider(), row.channel()), row);
      }
      Map<Key, ProviderScoreRow> ranking = new HashMap<>();
      Map<Key, ProviderScoreRow> current = new HashMap<>();
      for (ProviderScoreRow row : latest) {
        Key key = new Key(row.metrics().provider(), row.metrics().channel());
        (row.window() == Window.RANKING ? ranking : current).put(key, row);
      }
      next =
          new Loaded(Map.copyOf(byKey), Map.copyOf(ranking), Map.copyOf(current), clock.instant());
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn(
            "routing: could not re-read the routing states and scores, keeping the last ones: {}",
            e.toString());
      }
      expireTrips();
      return false;
    }
    if (failing) {
      failing = false;
      log.info("routing: the routing states and scores are read again");
    }
    apply(next);
    expireTrips();
    return true;
  }

  private synchronized void apply(Loaded next) {
    Loaded before = loaded;
    Set<Key> keys = new HashSet<>(before.states().keySet());
    keys.addAll(next.states().keySet());
    for (Key key : keys) {
      if (!sameState(before.states().get(key), next.states().get(key))) {
        generations.merge(key, 1L, Long::sum);
      }
    }
    loaded = next;
    // A local trip ends once the shared state differs from what it was at the trip (the failover
    // this process asked for marked it, or another step moved it): that state says what it is now.
    trips.forEach(
        (key, trip) -> {
          RoutingState now = next.states().get(key);
          if (!sameState(trip.storedAtTrip().orElse(null), now) && trips.remove(key, trip)) {
            log.info(
                "routing: {} on {} is {} in the shared state; its local trip ends",
                key.provider(),
                key.channel(),
                now == null ? "healthy" : now.status().wireName());
          }
        });
  }

  /** Local trips that no stored change took over end after the re-evaluation delay. */
  private void expireTrips() {
    Duration hold = failover.reevaluationDelay();
    Instant now = clock.instant();
    trips.forEach(
        (key, trip) -> {
          if (!now.isBefore(trip.at().plus(hold)) && trips.remove(key, trip)) {
            generations.merge(key, 1L, Long::sum);
            log.info(
                "routing: the local trip of {} on {} ended after {} without a failover;"
                    + " it is judged afresh",
                key.provider(),
                key.channel(),
                hold);
          }
        });
  }

  /** Whether two stored states route alike (a reason added to a failover is no change). */
  private static boolean sameState(RoutingState a, RoutingState b) {
    return Objects.equals(signature(a), signature(b));
  }

  private record Signature(ProviderStatus status, int weight, UUID failoverId, int flaps) {}

  private static Signature signature(RoutingState s) {
    if (s == null) {
      return new Signature(ProviderStatus.HEALTHY, 100, null, 0);
    }
    return new Signature(s.status(), s.weight(), s.failoverId(), s.flaps());
  }

  @Override
  public void start() {
    // The first read now, so sends after start-up route on the shared state at once.
    refresh();
    refresher.start();
  }

  @Override
  public void stop() {
    refresher.stop();
  }

  @Override
  public boolean isRunning() {
    return refresher.isRunning();
  }
}
