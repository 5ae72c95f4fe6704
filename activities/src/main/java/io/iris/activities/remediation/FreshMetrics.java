package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.MESSAGES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.HealthStorage;
import io.iris.activities.routing.HealthStorage.Figures;
import io.iris.activities.routing.HealthStorage.Key;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.MetricsMark;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.iris.workflows.remediation.ScopeMetrics;
import io.iris.workflows.remediation.VerifyCondition.Metric;
import io.iris.workflows.remediation.VerifyCondition.Scope;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The figures a remediation is judged on. Before the steps: the scope over the current window.
 * After them: exactly what was recorded since a {@link MetricsMark}, by differencing the cumulative
 * per-minute rows of {@code system_health_metrics} (they only grow, so the second read minus the
 * first, over the same minutes from the mark's minute on, is what was flushed in between — to one
 * flush). A tenant's volume comes from {@code messages}; a queue's backlog from Temporal's {@code
 * DescribeTaskQueue} (now).
 */
@Component
public class FreshMetrics {

  private static final Logger log = LoggerFactory.getLogger(FreshMetrics.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a mark keeps: the minute it counts from, and the totals then by provider and channel. */
  record MarkState(long fromMinuteMillis, Map<String, long[]> totals, Map<String, String> costs) {}

  private final HealthStorage storage;
  private final HealthSettings health;
  private final DSLContext db;
  private final ObjectProvider<TaskQueueBacklog> backlogs;
  private final Clock clock;

  public FreshMetrics(
      HealthStorage storage,
      HealthSettings health,
      DSLContext db,
      ObjectProvider<TaskQueueBacklog> backlogs,
      Clock clock) {
    this.storage = storage;
    this.health = health;
    this.db = db;
    this.backlogs = backlogs;
    this.clock = clock;
  }

  /** The scope over the current window ({@code IRIS_HEALTH_CURRENT_WINDOW}) up to now. */
  public ScopeMetrics measure(AnomalyRef target, Scope scope) {
    Instant now = clock.instant();
    Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(health.currentWindow());
    return switch (scope) {
      case PROVIDER, CHANNEL -> {
        Map<Key, Figures> window = storage.window(from, nextMinute(now));
        yield providerMetrics(
            scope, target, sum(window, target, scope), from, now, Duration.between(from, now));
      }
      case TENANT -> tenant(target, now.minus(health.currentWindow()), now);
      case QUEUE -> queue(target, now);
    };
  }

  /** The scope's cumulative totals now. */
  public MetricsMark mark(AnomalyRef target, Scope scope) {
    Instant now = clock.instant();
    if (scope == Scope.PROVIDER || scope == Scope.CHANNEL) {
      Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
      Map<String, long[]> totals = new HashMap<>();
      Map<String, String> costs = new HashMap<>();
      storage
          .window(minute, nextMinute(now))
          .forEach(
              (key, f) -> {
                String k = key.provider() + "|" + key.channel().wireName();
                totals.put(k, flat(f));
                costs.put(k, f.costUsd().toPlainString());
              });
      return new MetricsMark(
          scope, now.toEpochMilli(), write(new MarkState(minute.toEpochMilli(), totals, costs)));
    }
    return new MetricsMark(scope, now.toEpochMilli(), "");
  }

  /** What was recorded in the scope from the mark to now. */
  public ScopeMetrics measureSince(AnomalyRef target, MetricsMark mark) {
    Instant now = clock.instant();
    Instant at = Instant.ofEpochMilli(mark.atMillis());
    return switch (mark.scope()) {
      case PROVIDER, CHANNEL -> {
        MarkState state = read(mark.state());
        Instant minute = Instant.ofEpochMilli(state.fromMinuteMillis());
        Map<Key, Figures> after = storage.window(minute, nextMinute(now));
        Map<Key, Figures> delta = new HashMap<>();
        after.forEach(
            (key, f) -> {
              String k = key.provider() + "|" + key.channel().wireName();
              long[] before = state.totals().get(k);
              BigDecimal cost0 = new BigDecimal(state.costs().getOrDefault(k, "0"));
              delta.put(key, minus(f, before, cost0));
            });
        yield providerMetrics(
            mark.scope(),
            target,
            sum(delta, target, mark.scope()),
            at,
            now,
            Duration.between(at, now));
      }
      case TENANT -> tenant(target, at, now);
      case QUEUE -> queue(target, now);
    };
  }

  private static Instant nextMinute(Instant now) {
    return now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
  }

  /** The figures of the target's provider (or all of its channel's providers), summed. */
  static Figures sum(Map<Key, Figures> window, AnomalyRef target, Scope scope) {
    Channel channel;
    try {
      channel = Channel.fromWire(target.channel());
    } catch (RuntimeException e) {
      return null;
    }
    Figures total = null;
    for (Map.Entry<Key, Figures> e : window.entrySet()) {
      if (e.getKey().channel() != channel) {
        continue;
      }
      if (scope == Scope.PROVIDER && !e.getKey().provider().equals(target.provider())) {
        continue;
      }
      total = total == null ? e.getValue() : plus(total, e.getValue());
    }
    return total;
  }

  private ScopeMetrics providerMetrics(
      Scope scope, AnomalyRef target, Figures f, Instant from, Instant to, Duration length) {
    Map<String, Double> values = new HashMap<>();
    long samples = 0;
    if (f != null) {
      Channel channel = Channel.fromWire(target.channel());
      // A channel's figures (a cost spike has no provider) are named after the channel.
      String name =
          scope == Scope.PROVIDER && !target.provider().isBlank()
              ? target.provider()
              : "channel " + channel.wireName();
      ProviderMetrics m = HealthStorage.metrics(name, channel, f, length);
      long outcomes = f.delivered() + f.failed();
      samples = Math.max(outcomes, 0);
      if (outcomes > 0) {
        values.put(Metric.DELIVERY_RATE_PERCENT.wireName(), m.deliveryRatePercent());
      }
      if (f.attempts() > 0) {
        values.put(Metric.P95_LATENCY_MS.wireName(), m.callLatencyP95Ms());
        values.put(
            Metric.CALL_SUCCESS_PERCENT.wireName(),
            Math.min(100.0, 100.0 * f.accepted() / f.attempts()));
        samples = Math.max(samples, f.attempts());
      }
      double hours = Math.max(1, length.toMillis()) / 3_600_000.0;
      values.put(Metric.COST_USD_PER_HOUR.wireName(), f.costUsd().doubleValue() / hours);
    }
    return new ScopeMetrics(scope, from.toEpochMilli(), to.toEpochMilli(), samples, values);
  }

  /** The tenant's messages against the mean of the other active tenants over [from, to). */
  ScopeMetrics tenant(AnomalyRef target, Instant from, Instant to) {
    UUID tenant = RemediationStore.uuid(target.tenantId());
    Map<String, Double> values = new HashMap<>();
    long total = 0;
    if (tenant != null) {
      List<Record2<UUID, Integer>> counts =
          db.select(MESSAGES.TENANT_ID, DSL.count())
              .from(MESSAGES)
              .where(MESSAGES.CREATED_AT.ge(RemediationStore.at(from)))
              .and(MESSAGES.CREATED_AT.lt(RemediationStore.at(to)))
              .groupBy(MESSAGES.TENANT_ID)
              .fetch();
      long own = 0;
      long others = 0;
      int otherTenants = 0;
      for (Record2<UUID, Integer> r : counts) {
        if (tenant.equals(r.value1())) {
          own = r.value2();
        } else {
          others += r.value2();
          otherTenants++;
        }
      }
      total = own + others;
      ratio(own, others, otherTenants)
          .ifPresent(v -> values.put(Metric.TENANT_VOLUME_RATIO.wireName(), v));
    }
    return new ScopeMetrics(Scope.TENANT, from.toEpochMilli(), to.toEpochMilli(), total, values);
  }

  /** The tenant's volume over the others' mean (leave-one-out); empty with no other tenant. */
  static OptionalDouble ratio(long own, long others, int otherTenants) {
    if (otherTenants == 0 || others == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(own / ((double) others / otherTenants));
  }

  /** The oldest waiting task's age on the target's queue (workflow and activity tasks). */
  ScopeMetrics queue(AnomalyRef target, Instant now) {
    Map<String, Double> values = new HashMap<>();
    long samples = 0;
    TaskQueueBacklog backlog = backlogs.getIfAvailable();
    if (backlog != null && !target.taskQueue().isBlank()) {
      long age = -1;
      for (QueueBacklog b : backlog.describe(List.of(target.taskQueue()))) {
        if (b.known()) {
          age = Math.max(age, b.ageMillis());
        } else {
          log.warn("remediation: no backlog figures for {} ({} tasks)", b.taskQueue(), b.kind());
        }
      }
      if (age >= 0) {
        values.put(Metric.BACKLOG_AGE_MS.wireName(), (double) age);
        samples = 1;
      }
    }
    return new ScopeMetrics(Scope.QUEUE, now.toEpochMilli(), now.toEpochMilli(), samples, values);
  }

  private static long[] flat(Figures f) {
    long[] out = new long[8 + f.callLatencyBuckets().length];
    out[0] = f.attempts();
    out[1] = f.accepted();
    out[2] = f.rejected();
    out[3] = f.unavailable();
    out[4] = f.delivered();
    out[5] = f.failed();
    out[6] = f.callLatencySumMs();
    out[7] = f.downMinutes();
    System.arraycopy(f.callLatencyBuckets(), 0, out, 8, f.callLatencyBuckets().length);
    return out;
  }

  /** {@code f} minus the totals at the mark (none: {@code f} itself). */
  static Figures minus(Figures f, long[] before, BigDecimal costBefore) {
    if (before == null) {
      return f;
    }
    long[] buckets = f.callLatencyBuckets().clone();
    for (int i = 0; i < buckets.length && 8 + i < before.length; i++) {
      buckets[i] = Math.max(0, buckets[i] - before[8 + i]);
    }
    return new Figures(
        Math.max(0, f.attempts() - before[0]),
        Math.max(0, f.accepted() - before[1]),
        Math.max(0, f.rejected() - before[2]),
        Math.max(0, f.unavailable() - before[3]),
        Math.max(0, f.delivered() - before[4]),
        Math.max(0, f.failed() - before[5]),
        Math.max(0, f.callLatencySumMs() - before[6]),
        f.costUsd().subtract(costBefore).max(BigDecimal.ZERO),
        Math.max(0, f.downMinutes() - before[7]),
        buckets);
  }

  private static Figures plus(Figures a, Figures b) {
    long[] buckets = a.callLatencyBuckets().clone();
    for (int i = 0; i < buckets.length && i < b.callLatencyBuckets().length; i++) {
      buckets[i] += b.callLatencyBuckets()[i];
    }
    return new Figures(
        a.attempts() + b.attempts(),
        a.accepted() + b.accepted(),
        a.rejected() + b.rejected(),
        a.unavailable() + b.unavailable(),
        a.delivered() + b.delivered(),
        a.failed() + b.failed(),
        a.callLatencySumMs() + b.callLatencySumMs(),
        a.costUsd().add(b.costUsd()),
        Math.max(a.downMinutes(), b.downMinutes()),
        buckets);
  }

  private static String write(MarkState state) {
    try {
      return JSON.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MarkState read(String state) {
    try {
      return JSON.readValue(state, MarkState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a metrics mark: " + state, e);
    }
  }
}
