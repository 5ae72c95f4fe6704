package io.iris.activities.remediation;

import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.HealthStorage.Key;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The hourly series of the baseline window ({@code IRIS_ANOMALY_BASELINE_WINDOW}) from {@code
 * system_health_metrics}: per provider and channel, each complete hour's delivered, failed and
 * cost. A complete hour never changes (its rows were flushed), so each is read once and kept: a
 * process scans the 7 days once, then one hour an hour. An hour counts as complete once its end
 * lies two metrics flushes back, so no late flush of it is missed. History written later into a
 * past hour (imported, or flushed after a long database outage) is seen after {@code clear_cache}
 * ({@link #clear}), which drops what was kept.
 */
@Component
public class HourlyBaselines {

  private static final Duration HOUR = Duration.ofHours(1);

  /** One provider's figures over one hour. */
  public record Hour(Instant start, long delivered, long failed, BigDecimal costUsd) {
    public long outcomes() {
      return delivered + failed;
    }
  }

  private final DSLContext db;
  private final Duration window;
  private final Duration grace;

  /** Complete hours read so far, by start; an hour without rows maps to an empty map. */
  private final TreeMap<Instant, Map<Key, Hour>> memo = new TreeMap<>();

  private int reads;

  @Autowired
  public HourlyBaselines(DSLContext db, AnomalySettings anomaly, HealthSettings health) {
    this(db, anomaly.baselineWindow(), health.metricsFlushInterval().multipliedBy(2));
  }

  HourlyBaselines(DSLContext db, Duration window, Duration grace) {
    this.db = db;
    this.window = window;
    this.grace = grace;
  }

  /**
   * Every provider's complete hours within the window back from {@code now}, oldest first (the
   * order the statistics take them in, so each run computes the same).
   */
  public synchronized Map<Key, List<Hour>> series(Instant now) {
    Instant end = now.minus(grace).truncatedTo(ChronoUnit.HOURS);
    Instant start = now.minus(window).truncatedTo(ChronoUnit.HOURS);
    if (!now.minus(window).equals(start)) {
      start = start.plus(HOUR); // only whole hours inside the window
    }
    memo.headMap(start).clear();
    Instant missingFrom = null;
    Instant missingTo = null;
    for (Instant h = start; h.isBefore(end); h = h.plus(HOUR)) {
      if (!memo.containsKey(h)) {
        missingFrom = missingFrom == null ? h : missingFrom;
        missingTo = h.plus(HOUR);
      }
    }
    if (missingFrom != null) {
      read(missingFrom, missingTo);
    }
    Map<Key, List<Hour>> out = new HashMap<>();
    for (Map<Key, Hour> hour : memo.subMap(start, end).values()) {
      hour.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    return out;
  }

  /** Forgets every hour read so far: the next series reads the window again. */
  public synchronized void clear() {
    memo.clear();
  }

  /** How many times the database was read (the memo's test). */
  synchronized int reads() {
    return reads;
  }

  private void read(Instant from, Instant to) {
    reads++;
    for (Instant h = from; h.isBefore(to); h = h.plus(HOUR)) {
      memo.put(h, new HashMap<>());
    }
    for (Record r :
        db.fetch(
            "SELECT date_trunc('hour', bucket_start AT TIME ZONE 'UTC') AS h, provider, channel,"
                + " sum(delivered), sum(failed), sum(cost_usd) FROM system_health_metrics"
                + " WHERE bucket_start >= ?::timestamptz AND bucket_start < ?::timestamptz"
                + " GROUP BY 1, 2, 3",
            at(from),
            at(to))) {
      Instant hour = r.get(0, java.time.LocalDateTime.class).toInstant(ZoneOffset.UTC);
      Channel channel;
      try {
        channel = Channel.fromWire(r.get(2, String.class));
      } catch (IllegalArgumentException unknown) {
        continue;
      }
      Key key = new Key(r.get(1, String.class), channel);
      Map<Key, Hour> figures = memo.get(hour);
      if (figures != null) {
        figures.put(
            key,
            new Hour(hour, r.get(3, Long.class), r.get(4, Long.class), r.get(5, BigDecimal.class)));
      }
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
