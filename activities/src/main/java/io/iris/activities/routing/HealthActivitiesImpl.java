package io.iris.activities.routing;

import io.iris.activities.routing.HealthStorage.Figures;
import io.iris.activities.routing.HealthStorage.Key;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.routing.EvaluationInput;
import io.iris.workflows.routing.EvaluationInput.ChannelWindows;
import io.iris.workflows.routing.EvaluationInput.ProviderWindows;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.HealthActivities;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.OPERATIONS)
public class HealthActivitiesImpl implements HealthActivities {

  private final HealthStorage storage;
  private final ProviderRoutingStore routing;
  private final ChannelProviders providers;
  private final FailoverStarter starter;
  private final HealthSettings health;
  private final RoutingSettings routingSettings;
  private final FailoverSettings failover;

  public HealthActivitiesImpl(
      HealthStorage storage,
      ProviderRoutingStore routing,
      ChannelProviders providers,
      FailoverStarter starter,
      HealthSettings health,
      RoutingSettings routingSettings,
      FailoverSettings failover) {
    this.storage = storage;
    this.routing = routing;
    this.providers = providers;
    this.starter = starter;
    this.health = health;
    this.routingSettings = routingSettings;
    this.failover = failover;
  }

  @Override
  public EvaluationInput loadWindows(long nowMillis) {
    Instant now = Instant.ofEpochMilli(nowMillis);
    Map<Key, RoutingState> states = new HashMap<>();
    for (RoutingState s : routing.all()) {
      states.put(new Key(s.provider(), s.channel()), s);
    }
    Windows windows = new Windows(now);
    List<ChannelWindows> channels = new ArrayList<>();
    for (Map.Entry<Channel, List<String>> channel : providers.all().entrySet()) {
      List<ProviderWindows> list = new ArrayList<>();
      for (String provider : channel.getValue()) {
        Key key = new Key(provider, channel.getKey());
        RoutingState state = states.get(key);
        long since = state == null ? 0 : state.since().toEpochMilli();
        list.add(
            new ProviderWindows(
                windows.metrics(key, health.rankingWindow(), 0),
                windows.metrics(key, health.currentWindow(), since),
                windows.metrics(key, failover.outage().window(), since),
                state == null ? ProviderStatus.HEALTHY : state.status(),
                since));
      }
      channels.add(new ChannelWindows(channel.getKey(), list));
    }
    return new EvaluationInput(
        nowMillis,
        health.rankingWindow().toMillis(),
        health.currentWindow().toMillis(),
        routingSettings.policy(),
        failover.rules(),
        channels);
  }

  /** The windows read so far, by start: providers that share a start share one query. */
  private final class Windows {
    private final Instant now;
    private final Map<Instant, Map<Key, Figures>> byStart = new HashMap<>();

    Windows(Instant now) {
      this.now = now;
    }

    /** {@code length} back from now, starting no earlier than {@code sinceMillis}. */
    ProviderMetrics metrics(Key key, Duration length, long sinceMillis) {
      Instant start = now.minus(length);
      if (sinceMillis > start.toEpochMilli()) {
        // Only whole minutes after the state began, so the outage's own minute does not count.
        start = ceilToMinute(Instant.ofEpochMilli(Math.min(sinceMillis, now.toEpochMilli())));
      }
      Instant from = start;
      Map<Key, Figures> figures = byStart.computeIfAbsent(from, s -> storage.window(s, now));
      Duration span = Duration.between(from, now);
      return HealthStorage.metrics(
          key.provider(),
          key.channel(),
          figures.get(key),
          span.isNegative() ? Duration.ZERO : span);
    }
  }

  static Instant ceilToMinute(Instant t) {
    long ms = t.toEpochMilli();
    long floor = Math.floorDiv(ms, 60_000L) * 60_000L;
    return Instant.ofEpochMilli(floor == ms ? ms : floor + 60_000L);
  }

  @Override
  public void saveScores(List<ProviderScoreRow> rows) {
    storage.saveScores(rows);
  }

  @Override
  public void requestFailover(FailoverRequest request) {
    starter.request(request);
  }

  @Override
  public void maintainStorage(long nowMillis) {
    storage.maintain(Instant.ofEpochMilli(nowMillis));
  }
}
