package io.iris.activities.routing;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where the send path reports provider outcomes, off its own way: no I/O, no lock, never a throw.
 * Each call is stamped with the Spring {@link Clock} and handed to every {@link
 * ProviderCallListener} (the breaker is one).
 *
 * <p>It also keeps this process's running totals per UTC minute, provider and channel (plan §2):
 * counters ({@link LongAdder}s) and latency histograms ({@link LatencyHistogram}), in a {@link
 * ConcurrentHashMap}, so many sending threads record at once without waiting for each other. {@link
 * HealthMetricsFlusher} takes {@link #pending() what changed}, writes it to {@code
 * system_health_metrics} (as cumulative totals) and then tells the recorder {@link #flushed what it
 * wrote}; minutes written in full and well in the past are dropped from memory, and while the
 * database is down the flusher {@link #dropBefore caps} how many minutes are kept.
 */
@Component
public class HealthRecorder {

  private static final Logger log = LoggerFactory.getLogger(HealthRecorder.class);

  private static final long MINUTE_MS = 60_000L;

  /** Cost is counted in millionths of a dollar: exact for {@code cost_usd NUMERIC(14, 6)}. */
  private static final int COST_SCALE = 6;

  private final Clock clock;
  private final ObjectProvider<ProviderCallListener> listeners;
  private final Map<Key, Totals> minutes = new ConcurrentHashMap<>();

  public HealthRecorder(Clock clock, ObjectProvider<ProviderCallListener> listeners) {
    this.clock = clock;
    this.listeners = listeners;
  }

  /**
   * One provider call ended ({@code ProviderActivitiesImpl.sendViaProvider}, each try): counts one
   * attempt, and by its outcome one accepted, rejected, unavailable or rate-limited call (an {@code
   * ERROR} counts as an attempt only), its latency and its cost.
   *
   * @param latencyMs how long {@code adapter.send} took
   * @param costUsd what the provider charged, for an accepted call; zero (or null) otherwise
   */
  public void call(
      String provider, Channel channel, CallOutcome outcome, long latencyMs, BigDecimal costUsd) {
    ProviderCall call;
    try {
      call = new ProviderCall(provider, channel, outcome, Math.max(0, latencyMs), clock.millis());
    } catch (RuntimeException e) {
      log.warn("health: a provider call could not be recorded: {}", e.toString());
      return;
    }
    try {
      Totals t = totals(call.atMillis(), provider, channel);
      t.attempts.increment();
      switch (outcome) {
        case ACCEPTED -> t.accepted.increment();
        case REJECTED -> t.rejected.increment();
        case UNAVAILABLE -> t.unavailable.increment();
        case RATE_LIMITED -> t.rateLimited.increment();
        case ERROR -> {}
      }
      t.callLatencySumMs.add(call.latencyMs());
      t.callLatency.record(call.latencyMs());
      if (costUsd != null && costUsd.signum() > 0) {
        t.costMicros.add(
            costUsd.setScale(COST_SCALE, RoundingMode.HALF_UP).unscaledValue().longValue());
      }
      t.changes.increment();
    } catch (RuntimeException e) {
      log.warn("health: a {} call to {} could not be counted: {}", channel, provider, e.toString());
    }
    List<ProviderCallListener> each;
    try {
      each = listeners.orderedStream().toList();
    } catch (RuntimeException e) {
      log.warn("health: the call listeners could not be found: {}", e.toString());
      return;
    }
    for (ProviderCallListener listener : each) {
      try {
        listener.onCall(call);
      } catch (RuntimeException e) {
        log.warn(
            "health: listener {} failed on a {} call to {}: {}",
            listener.getClass().getSimpleName(),
            channel,
            provider,
            e.toString());
      }
    }
  }

  /**
   * An attempt with the provider ended without the message being taken ({@code
   * SendRecordActivitiesImpl.recordAttempt} with outcome {@code failed}): counts as {@code failed}.
   */
  public void attemptFailed(String provider, Channel channel) {
    try {
      Totals t = totals(clock.millis(), provider, channel);
      t.failed.increment();
      t.changes.increment();
    } catch (RuntimeException e) {
      log.warn(
          "health: a failed {} attempt on {} could not be counted: {}",
          channel,
          provider,
          e.toString());
    }
  }

  /**
   * A message ended ({@code SendRecordActivitiesImpl.recordFinal}): {@code delivered} counts as
   * delivered, otherwise (failed, undelivered) as failed; an expired message is neither and is not
   * reported.
   *
   * @param receiptLatencyMs from the provider taking the message ({@code sent_at}) to the end;
   *     empty when it was never sent
   */
  public void finished(
      String provider, Channel channel, boolean delivered, OptionalLong receiptLatencyMs) {
    try {
      Totals t = totals(clock.millis(), provider, channel);
      (delivered ? t.delivered : t.failed).increment();
      if (receiptLatencyMs != null && receiptLatencyMs.isPresent()) {
        long ms = Math.max(0, receiptLatencyMs.getAsLong());
        t.receiptLatencyCount.increment();
        t.receiptLatencySumMs.add(ms);
        t.receiptLatency.record(ms);
      }
      t.changes.increment();
    } catch (RuntimeException e) {
      log.warn(
          "health: the end of a {} message on {} could not be counted: {}",
          channel,
          provider,
          e.toString());
    }
  }

  /**
   * The totals of every minute kept that changed since it was last {@link #flushed flushed}, oldest
   * first. Each is a consistent-enough copy: a count that lands while it is taken shows in the
   * next.
   */
  public List<Minute> pending() {
    List<Minute> out = new ArrayList<>();
    minutes.forEach(
        (key, totals) -> {
          if (totals.changes.sum() != totals.flushedChanges) {
            out.add(totals.snapshot(key));
          }
        });
    out.sort(Comparator.comparing(Minute::bucketStart));
    return out;
  }

  /**
   * The flusher wrote {@code written} (taken from {@link #pending()}; empty when nothing was
   * pending). Then every minute kept that has not changed since it was written, and that ended more
   * than a minute before {@code now} (so no send still counting into it is overtaken), is dropped
   * from memory: its row holds all of it.
   */
  public void flushed(List<Minute> written, Instant now) {
    for (Minute m : written) {
      Totals totals =
          minutes.get(new Key(m.bucketStart().toEpochMilli(), m.provider(), m.channel()));
      if (totals != null) {
        totals.flushedChanges = Math.max(totals.flushedChanges, m.changes());
      }
    }
    long dropBefore = minuteOf(now.toEpochMilli()) - MINUTE_MS;
    for (Map.Entry<Key, Totals> e : minutes.entrySet()) {
      Totals totals = e.getValue();
      if (e.getKey().minuteMillis() < dropBefore && totals.changes.sum() == totals.flushedChanges) {
        minutes.remove(e.getKey(), totals);
      }
    }
  }

  /**
   * Drops every minute that started before {@code oldest}, written or not (the cap on what is kept
   * while the database is down). Returns how many unwritten minutes were dropped.
   */
  public int dropBefore(Instant oldest) {
    long limit = oldest.toEpochMilli();
    int lost = 0;
    for (Map.Entry<Key, Totals> e : minutes.entrySet()) {
      if (e.getKey().minuteMillis() < limit && minutes.remove(e.getKey(), e.getValue())) {
        if (e.getValue().changes.sum() != e.getValue().flushedChanges) {
          lost++;
        }
      }
    }
    return lost;
  }

  /** How many (minute, provider, channel) totals are kept in memory now. */
  public int buffered() {
    return minutes.size();
  }

  private Totals totals(long atMillis, String provider, Channel channel) {
    Key key =
        new Key(
            minuteOf(atMillis),
            Objects.requireNonNull(provider, "provider"),
            Objects.requireNonNull(channel, "channel"));
    Totals t = minutes.get(key);
    return t != null ? t : minutes.computeIfAbsent(key, k -> new Totals());
  }

  private static long minuteOf(long millis) {
    return Math.floorDiv(millis, MINUTE_MS) * MINUTE_MS;
  }

  private record Key(long minuteMillis, String provider, Channel channel) {}

  /** The live counters of one minute, provider and channel. */
  private static final class Totals {
    final LongAdder attempts = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder unavailable = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder callLatencySumMs = new LongAdder();
    final LatencyHistogram callLatency = new LatencyHistogram();
    final LongAdder receiptLatencyCount = new LongAdder();
    final LongAdder receiptLatencySumMs = new LongAdder();
    final LatencyHistogram receiptLatency = new LatencyHistogram();
    final LongAdder costMicros = new LongAdder();

    /** Incremented last by every record, read first by a snapshot: a change is never missed. */
    final LongAdder changes = new LongAdder();

    /** {@code changes} as of the last flush written (only the flusher's thread writes it). */
    volatile long flushedChanges;

    Minute snapshot(Key key) {
      long seen = changes.sum();
      return new Minute(
          Instant.ofEpochMilli(key.minuteMillis()),
          key.provider(),
          key.channel(),
          attempts.sum(),
          accepted.sum(),
          rejected.sum(),
          unavailable.sum(),
          rateLimited.sum(),
          delivered.sum(),
          failed.sum(),
          callLatencySumMs.sum(),
          callLatency.snapshot(),
          receiptLatencyCount.sum(),
          receiptLatencySumMs.sum(),
          receiptLatency.snapshot(),
          BigDecimal.valueOf(costMicros.sum(), COST_SCALE),
          seen);
    }
  }

  /**
   * This process's totals of one UTC minute for one provider and channel, as {@code
   * system_health_metrics} stores them.
   *
   * @param bucketStart the minute's start (UTC, whole minute)
   * @param attempts provider calls, retries included
   * @param failed attempts that ended without the message taken, plus messages that ended failed or
   *     undelivered
   * @param callLatencyBuckets {@link LatencyHistogram} counts of the call latencies
   * @param receiptLatencyBuckets {@link LatencyHistogram} counts of the accept-to-receipt latencies
   * @param changes how many records the totals hold (the recorder's bookkeeping, not stored)
   */
  public record Minute(
      Instant bucketStart,
      String provider,
      Channel channel,
      long attempts,
      long accepted,
      long rejected,
      long unavailable,
      long rateLimited,
      long delivered,
      long failed,
      long callLatencySumMs,
      int[] callLatencyBuckets,
      long receiptLatencyCount,
      long receiptLatencySumMs,
      int[] receiptLatencyBuckets,
      BigDecimal costUsd,
      long changes) {}
}
