package io.iris.activities.remediation;

import io.iris.activities.routing.ChannelProviders;
import io.iris.activities.routing.FailoverSettings;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.HealthStorage;
import io.iris.activities.routing.HealthStorage.Figures;
import io.iris.activities.routing.HealthStorage.Key;
import io.iris.activities.routing.ProviderRoutingStore;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.workflows.remediation.Observations;
import io.iris.workflows.remediation.Observations.Baseline;
import io.iris.workflows.remediation.Observations.ChannelCost;
import io.iris.workflows.remediation.Observations.ProviderWindow;
import io.iris.workflows.remediation.Observations.TenantVolume;
import io.iris.workflows.remediation.Observations.TenantVolumes;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * Reads what one anomaly detection judges ({@link Observations}): the providers' windows through
 * {@link HealthStorage}, their hourly baselines ({@link HourlyBaselines}; mean and sample standard
 * deviation by commons-math, over the hours in time order so every run computes the same doubles),
 * the channels' cost and forecast, the routing states with the trigger of their failover (from its
 * audit row), the tenants' volumes from {@code messages}, and the task queues' backlogs.
 */
@Component
public class AnomalyObserver {

  private final DSLContext db;
  private final HealthStorage storage;
  private final HourlyBaselines baselines;
  private final ProviderRoutingStore routing;
  private final ChannelProviders providers;
  private final TaskQueueBacklog backlog;
  private final AnomalySettings settings;
  private final HealthSettings health;
  private final FailoverSettings failover;

  public AnomalyObserver(
      DSLContext db,
      HealthStorage storage,
      HourlyBaselines baselines,
      ProviderRoutingStore routing,
      ChannelProviders providers,
      TaskQueueBacklog backlog,
      AnomalySettings settings,
      HealthSettings health,
      FailoverSettings failover) {
    this.db = db;
    this.storage = storage;
    this.baselines = baselines;
    this.routing = routing;
    this.providers = providers;
    this.backlog = backlog;
    this.settings = settings;
    this.health = health;
    this.failover = failover;
  }

  public Observations observe(Instant now) {
    Observations.Settings rules =
        settings.rules(failover.outage().minAttempts(), failover.outage().deliveryRate());
    if (!settings.enabled()) {
      return new Observations(
          now.toEpochMilli(),
          false,
          rules,
          List.of(),
          List.of(),
          TenantVolumes.none(settings.noisyWindow().toMillis()),
          List.of());
    }
    Map<Key, RoutingState> states = new HashMap<>();
    for (RoutingState s : routing.all()) {
      states.put(new Key(s.provider(), s.channel()), s);
    }
    Map<Duration, Map<Key, Figures>> windows = new HashMap<>();
    java.util.function.Function<Duration, Map<Key, Figures>> window =
        d -> windows.computeIfAbsent(d, x -> storage.window(now.minus(x), now));
    Map<Key, List<HourlyBaselines.Hour>> series = baselines.series(now);
    List<ProviderWindow> list = new ArrayList<>();
    List<ChannelCost> costs = new ArrayList<>();
    for (Map.Entry<Channel, List<String>> channel : providers.all().entrySet()) {
      Channel c = channel.getKey();
      for (String provider : channel.getValue()) {
        Key key = new Key(provider, c);
        RoutingState state = states.get(key);
        boolean failedOver = state != null && state.status() == ProviderStatus.FAILED_OVER;
        list.add(
            new ProviderWindow(
                provider,
                c,
                metrics(key, window.apply(settings.currentWindow()), settings.currentWindow()),
                metrics(key, window.apply(failover.outage().window()), failover.outage().window()),
                metrics(key, window.apply(health.rankingWindow()), health.rankingWindow()),
                baseline(series.getOrDefault(key, List.of())),
                settings.latencyThresholdMs(c.wireName()),
                state == null ? ProviderStatus.HEALTHY : state.status(),
                state == null ? 0 : state.since().toEpochMilli(),
                failedOver ? trigger(state) : "",
                failedOver && state.failoverId() != null ? state.failoverId().toString() : "",
                failedOver ? state.reason() : ""));
      }
      costs.add(
          cost(
              c,
              channel.getValue(),
              window.apply(settings.costWindow()),
              settings.costWindow().toMillis(),
              series));
    }
    return new Observations(
        now.toEpochMilli(),
        true,
        rules,
        list,
        costs,
        tenants(now),
        backlog.describe(settings.backlogQueues()));
  }

  private static io.iris.workflows.routing.ProviderMetrics metrics(
      Key key, Map<Key, Figures> figures, Duration length) {
    return HealthStorage.metrics(key.provider(), key.channel(), figures.get(key), length);
  }

  /** The mean and sample standard deviation of the hours with a known delivery rate. */
  static Baseline baseline(List<HourlyBaselines.Hour> hours) {
    DescriptiveStatistics rates = new DescriptiveStatistics();
    hours.stream()
        .sorted(Comparator.comparing(HourlyBaselines.Hour::start))
        .filter(h -> h.outcomes() > 0)
        .forEach(h -> rates.addValue(h.delivered() * 100.0 / h.outcomes()));
    if (rates.getN() == 0) {
      return Baseline.NONE;
    }
    double sd = rates.getN() < 2 ? 0 : rates.getStandardDeviation();
    return new Baseline((int) rates.getN(), rates.getMean(), sd);
  }

  /** The channel's cost over the cost window, and the mean of its baseline hours' costs. */
  static ChannelCost cost(
      Channel channel,
      List<String> providers,
      Map<Key, Figures> window,
      long windowMillis,
      Map<Key, List<HourlyBaselines.Hour>> series) {
    BigDecimal now = BigDecimal.ZERO;
    TreeMap<Instant, BigDecimal> hourly = new TreeMap<>();
    for (String provider : providers) {
      Key key = new Key(provider, channel);
      Figures f = window.get(key);
      if (f != null) {
        now = now.add(f.costUsd());
      }
      for (HourlyBaselines.Hour h : series.getOrDefault(key, List.of())) {
        hourly.merge(h.start(), h.costUsd(), BigDecimal::add);
      }
    }
    double[] values = hourly.values().stream().mapToDouble(BigDecimal::doubleValue).toArray();
    BigDecimal forecast =
        values.length == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(new Mean().evaluate(values));
    return new ChannelCost(channel, now, windowMillis, forecast, values.length);
  }

  private String trigger(RoutingState state) {
    if (state.failoverId() == null) {
      return "";
    }
    Record r =
        db.fetchOne(
            "SELECT details->>'trigger' FROM audit_logs WHERE event_key = ? LIMIT 1",
            "failover:" + state.failoverId());
    String trigger = r == null ? null : r.get(0, String.class);
    return trigger == null ? "" : trigger;
  }

  /** The total, the active tenants and the busiest tenants over the noisy window. */
  TenantVolumes tenants(Instant now) {
    OffsetDateTime from = now.minus(settings.noisyWindow()).atOffset(ZoneOffset.UTC);
    OffsetDateTime to = now.atOffset(ZoneOffset.UTC);
    long windowMillis = settings.noisyWindow().toMillis();
    Record totals =
        db.fetchOne(
            "SELECT count(*), count(DISTINCT tenant_id) FROM messages"
                + " WHERE created_at >= ?::timestamptz AND created_at < ?::timestamptz",
            from,
            to);
    if (totals == null || totals.get(0, Long.class) == 0) {
      return TenantVolumes.none(windowMillis);
    }
    List<TenantVolume> top = new ArrayList<>();
    for (Record r :
        db.fetch(
            "SELECT tenant_id, count(*) AS n, sum(cost_usd) FROM messages"
                + " WHERE created_at >= ?::timestamptz AND created_at < ?::timestamptz"
                + " GROUP BY tenant_id ORDER BY n DESC, tenant_id LIMIT ?",
            from,
            to,
            settings.noisyTop())) {
      top.add(
          new TenantVolume(
              r.get(0, java.util.UUID.class).toString(),
              r.get(1, Long.class),
              r.get(2, BigDecimal.class)));
    }
    return new TenantVolumes(
        totals.get(0, Long.class), totals.get(1, Long.class), windowMillis, top);
  }
}
