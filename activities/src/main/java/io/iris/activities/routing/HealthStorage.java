package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.PROVIDER_HEALTH_SCORES;

import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;

/**
 * The health evaluation's storage: reads {@code system_health_metrics} (summed over the processes
 * that wrote it and the minutes of a window), writes {@code provider_health_scores}, and keeps the
 * metrics' daily partitions. The per-minute rows themselves are written by {@code
 * HealthMetricsStore}.
 */
@Repository
public class HealthStorage {

  private static final Logger log = LoggerFactory.getLogger(HealthStorage.class);

  static final String TABLE = "system_health_metrics";
  static final String DEFAULT_PARTITION = TABLE + "_default";
  static final String PARTITION_PREFIX = TABLE + "_p";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  /** The advisory lock that keeps two processes from changing the partitions at once. */
  static final long PARTITION_LOCK = 0x1a15_4ea1_7b00_0001L;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /**
   * One provider's summed figures over a window.
   *
   * @param downMinutes minutes in which more than half the calls found the provider unavailable
   * @param callLatencyBuckets the summed {@link LatencyHistogram} counts of its calls
   */
  public record Figures(
      long attempts,
      long accepted,
      long rejected,
      long unavailable,
      long delivered,
      long failed,
      long callLatencySumMs,
      BigDecimal costUsd,
      long downMinutes,
      long[] callLatencyBuckets) {

    static final Figures NONE =
        new Figures(0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, new long[LatencyHistogram.BUCKETS]);

    /** Calls that failed: neither accepted nor refused for the recipient's sake. */
    public long failures() {
      return Math.min(attempts, Math.max(0, attempts - accepted - rejected));
    }
  }

  /** A provider on a channel. */
  public record Key(String provider, Channel channel) {}

  private final DSLContext db;
  private final HealthSettings settings;

  public HealthStorage(DSLContext db, HealthSettings settings) {
    this.db = db;
    this.settings = settings;
  }

  /**
   * Every provider's figures over the minutes starting in {@code [from, to)}, summed across the
   * processes that wrote them; providers without a row are absent.
   */
  public Map<Key, Figures> window(Instant from, Instant to) {
    Map<Key, long[]> buckets = new HashMap<>();
    for (Record r :
        db.fetch(
            "SELECT provider, channel, t.i, sum(t.v) FROM "
                + TABLE
                + ", unnest(call_latency_buckets) WITH ORDINALITY AS t(v, i)"
                + " WHERE bucket_start >= ?::timestamptz AND bucket_start < ?::timestamptz GROUP BY provider, channel, t.i",
            at(from),
            at(to))) {
      Optional<Key> key = key(r.get(0, String.class), r.get(1, String.class));
      int i = r.get(2, Integer.class) - 1;
      if (key.isPresent() && i >= 0 && i < LatencyHistogram.BUCKETS) {
        buckets.computeIfAbsent(key.get(), k -> new long[LatencyHistogram.BUCKETS])[i] +=
            r.get(3, Long.class);
      }
    }
    Map<Key, Figures> out = new HashMap<>();
    for (Record r :
        db.fetch(
            "WITH m AS (SELECT bucket_start, provider, channel, sum(attempts) AS a,"
                + " sum(accepted) AS acc, sum(rejected) AS rej, sum(unavailable) AS u,"
                + " sum(delivered) AS d, sum(failed) AS f, sum(call_latency_sum_ms) AS ls,"
                + " sum(cost_usd) AS c FROM "
                + TABLE
                + " WHERE bucket_start >= ?::timestamptz AND bucket_start < ?::timestamptz"
                + " GROUP BY bucket_start, provider, channel)"
                + " SELECT provider, channel, sum(a), sum(acc), sum(rej), sum(u), sum(d), sum(f),"
                + " sum(ls), sum(c), count(*) FILTER (WHERE u * 2 > a)"
                + " FROM m GROUP BY provider, channel",
            at(from),
            at(to))) {
      Optional<Key> key = key(r.get(0, String.class), r.get(1, String.class));
      if (key.isEmpty()) {
        continue;
      }
      out.put(
          key.get(),
          new Figures(
              r.get(2, Long.class),
              r.get(3, Long.class),
              r.get(4, Long.class),
              r.get(5, Long.class),
              r.get(6, Long.class),
              r.get(7, Long.class),
              r.get(8, Long.class),
              r.get(9, BigDecimal.class),
              r.get(10, Long.class),
              buckets.getOrDefault(key.get(), new long[LatencyHistogram.BUCKETS])));
    }
    return out;
  }

  private static Optional<Key> key(String provider, String channel) {
    try {
      return Optional.of(new Key(provider, Channel.fromWire(channel)));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }

  /**
   * The scoring's figures of one provider over a window of {@code window} length: the mean call
   * latency is the summed latency over the attempts, the percentiles come from the summed
   * histogram, the cost per message is the cost over the accepted calls, and the uptime is the
   * share of the window's minutes that were not down (a minute without calls counts as up).
   */
  public static ProviderMetrics metrics(
      String provider, Channel channel, Figures f, Duration window) {
    Figures figures = f == null ? Figures.NONE : f;
    double mean =
        figures.attempts() == 0 ? 0 : (double) figures.callLatencySumMs() / figures.attempts();
    long minutes = Math.max(1, (window.toMillis() + 59_999) / 60_000);
    long down = Math.min(minutes, figures.downMinutes());
    BigDecimal uptime =
        BigDecimal.valueOf(minutes - down)
            .multiply(HUNDRED)
            .divide(BigDecimal.valueOf(minutes), 4, RoundingMode.HALF_UP);
    BigDecimal cost =
        figures.accepted() == 0
            ? BigDecimal.ZERO
            : figures
                .costUsd()
                .divide(BigDecimal.valueOf(figures.accepted()), MathContext.DECIMAL64);
    return new ProviderMetrics(
        provider,
        channel,
        figures.attempts(),
        figures.accepted(),
        figures.delivered(),
        figures.failed(),
        mean,
        percentile(figures, 0.50),
        percentile(figures, 0.95),
        percentile(figures, 0.99),
        cost,
        uptime);
  }

  private static double percentile(Figures f, double q) {
    return Math.max(0, LatencyHistogram.percentile(f.callLatencyBuckets(), q));
  }

  /** Writes the rows; one already stored (same time, provider, channel and window) is kept. */
  public void saveScores(List<ProviderScoreRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    var insert =
        db.insertInto(
            PROVIDER_HEALTH_SCORES,
            PROVIDER_HEALTH_SCORES.EVALUATED_AT,
            PROVIDER_HEALTH_SCORES.PROVIDER,
            PROVIDER_HEALTH_SCORES.CHANNEL,
            PROVIDER_HEALTH_SCORES.WINDOW_KIND,
            PROVIDER_HEALTH_SCORES.WINDOW_START,
            PROVIDER_HEALTH_SCORES.OVERALL_SCORE,
            PROVIDER_HEALTH_SCORES.DELIVERY_SCORE,
            PROVIDER_HEALTH_SCORES.LATENCY_SCORE,
            PROVIDER_HEALTH_SCORES.RELIABILITY_SCORE,
            PROVIDER_HEALTH_SCORES.COST_SCORE,
            PROVIDER_HEALTH_SCORES.RANK,
            PROVIDER_HEALTH_SCORES.IS_RECOMMENDED,
            PROVIDER_HEALTH_SCORES.ATTEMPTS,
            PROVIDER_HEALTH_SCORES.ACCEPTED,
            PROVIDER_HEALTH_SCORES.DELIVERED,
            PROVIDER_HEALTH_SCORES.FAILED,
            PROVIDER_HEALTH_SCORES.CALL_LATENCY_MEAN_MS,
            PROVIDER_HEALTH_SCORES.CALL_LATENCY_P50_MS,
            PROVIDER_HEALTH_SCORES.CALL_LATENCY_P95_MS,
            PROVIDER_HEALTH_SCORES.CALL_LATENCY_P99_MS,
            PROVIDER_HEALTH_SCORES.COST_PER_MESSAGE_USD,
            PROVIDER_HEALTH_SCORES.UPTIME_PERCENT);
    for (ProviderScoreRow row : rows) {
      ProviderMetrics m = row.metrics();
      insert =
          insert.values(
              at(Instant.ofEpochMilli(row.evaluatedAtMillis())),
              m.provider(),
              m.channel().wireName(),
              row.window().wireName(),
              at(Instant.ofEpochMilli(row.windowStartMillis())),
              row.score().overall(),
              row.score().delivery(),
              row.score().latency(),
              row.score().reliability(),
              row.score().cost(),
              row.rank(),
              row.score().recommended(),
              m.attempts(),
              m.accepted(),
              m.delivered(),
              m.failed(),
              m.callLatencyMeanMs(),
              m.callLatencyP50Ms(),
              m.callLatencyP95Ms(),
              m.callLatencyP99Ms(),
              m.costPerMessageUsd().setScale(6, RoundingMode.HALF_UP),
              m.uptimePercent().setScale(4, RoundingMode.HALF_UP));
    }
    insert.onConflictDoNothing().execute();
  }

  /**
   * The provider's latest current-window overall score evaluated after {@code after} over a window
   * that carried calls; empty when there is none.
   */
  public Optional<Double> latestCurrentScore(String provider, Channel channel, Instant after) {
    return db.select(PROVIDER_HEALTH_SCORES.OVERALL_SCORE)
        .from(PROVIDER_HEALTH_SCORES)
        .where(PROVIDER_HEALTH_SCORES.PROVIDER.eq(provider))
        .and(PROVIDER_HEALTH_SCORES.CHANNEL.eq(channel.wireName()))
        .and(PROVIDER_HEALTH_SCORES.WINDOW_KIND.eq(ProviderScoreRow.Window.CURRENT.wireName()))
        .and(PROVIDER_HEALTH_SCORES.EVALUATED_AT.gt(at(after)))
        .and(PROVIDER_HEALTH_SCORES.ATTEMPTS.gt(0L))
        .orderBy(PROVIDER_HEALTH_SCORES.EVALUATED_AT.desc())
        .limit(1)
        .fetchOptional(PROVIDER_HEALTH_SCORES.OVERALL_SCORE);
  }

  /**
   * Keeps the daily partitions of {@code system_health_metrics} (plan §1): creates today through
   * today + {@code IRIS_HEALTH_METRICS_PARTITIONS_AHEAD} (a day whose rows already lie in the
   * default partition is built apart, the rows moved into it, then attached, in one transaction),
   * drops the days wholly older than {@code IRIS_HEALTH_METRICS_RETENTION}, and deletes scores
   * older than {@code IRIS_HEALTH_SCORES_RETENTION}. Reads the partitions first, so a run with
   * nothing to change makes no DDL; the changes run under a transaction-scoped advisory lock, so
   * processes doing this at once do not collide.
   *
   * @return the partitions created and dropped, by name
   */
  public Changes maintain(Instant now) {
    LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate oldestKept =
        now.minus(settings.metricsRetention()).atOffset(ZoneOffset.UTC).toLocalDate();
    Set<LocalDate> needed = new HashSet<>();
    for (int i = 0; i <= settings.metricsPartitionsAhead(); i++) {
      needed.add(today.plusDays(i));
    }
    Changes planned = plan(partitions(db), needed, oldestKept);
    Changes done = planned;
    if (!planned.isEmpty()) {
      done =
          db.transactionResult(
              tx -> {
                DSLContext t = tx.dsl();
                t.fetch("SELECT pg_advisory_xact_lock(?)", PARTITION_LOCK);
                // Another process may have done it meanwhile: plan again under the lock.
                Changes now2 = plan(partitions(t), needed, oldestKept);
                for (LocalDate day : now2.created()) {
                  create(t, day);
                }
                for (LocalDate day : now2.dropped()) {
                  t.execute("DROP TABLE IF EXISTS " + name(day));
                }
                return now2;
              });
      log.info("health metrics partitions: created {}, dropped {}", done.created(), done.dropped());
    }
    db.deleteFrom(PROVIDER_HEALTH_SCORES)
        .where(PROVIDER_HEALTH_SCORES.EVALUATED_AT.lt(at(now.minus(settings.scoresRetention()))))
        .execute();
    return done;
  }

  /**
   * What one maintenance changed.
   *
   * @param created the days whose partitions it created
   * @param dropped the days whose partitions it dropped
   */
  public record Changes(List<LocalDate> created, List<LocalDate> dropped) {
    boolean isEmpty() {
      return created.isEmpty() && dropped.isEmpty();
    }
  }

  private static Changes plan(Set<LocalDate> existing, Set<LocalDate> needed, LocalDate oldest) {
    List<LocalDate> create = needed.stream().filter(d -> !existing.contains(d)).sorted().toList();
    List<LocalDate> drop = existing.stream().filter(d -> d.isBefore(oldest)).sorted().toList();
    return new Changes(create, drop);
  }

  /** The days that have a partition now. */
  static Set<LocalDate> partitions(DSLContext t) {
    Set<LocalDate> days = new HashSet<>();
    for (String name :
        t.fetch(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = to_regclass(?)",
                TABLE)
            .getValues(0, String.class)) {
      if (name.startsWith(PARTITION_PREFIX)) {
        try {
          days.add(LocalDate.parse(name.substring(PARTITION_PREFIX.length()), DAY));
        } catch (java.time.format.DateTimeParseException notADay) {
          // not one of ours
        }
      }
    }
    return days;
  }

  private static void create(DSLContext t, LocalDate day) {
    String name = name(day);
    OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    String bounds = "FOR VALUES FROM ('" + from + "') TO ('" + to + "')";
    boolean stray =
        t.fetchExists(
            t.selectOne()
                .from(DEFAULT_PARTITION)
                .where(
                    "bucket_start >= ?::timestamptz AND bucket_start < ?::timestamptz", from, to));
    if (!stray) {
      t.execute("CREATE TABLE " + name + " PARTITION OF " + TABLE + " " + bounds);
      return;
    }
    // The default partition holds rows of this day (written before its partition existed): a
    // partition cannot be created over them, so they move into it before it is attached.
    t.execute(
        "CREATE TABLE " + name + " (LIKE " + TABLE + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
    int moved =
        t.execute(
            "WITH moved AS (DELETE FROM "
                + DEFAULT_PARTITION
                + " WHERE bucket_start >= ?::timestamptz AND bucket_start < ?::timestamptz RETURNING *)"
                + " INSERT INTO "
                + name
                + " SELECT * FROM moved",
            from,
            to);
    t.execute("ALTER TABLE " + TABLE + " ATTACH PARTITION " + name + " " + bounds);
    log.info("health metrics partition {} attached with {} rows from the default", name, moved);
  }

  static String name(LocalDate day) {
    return PARTITION_PREFIX + DAY.format(day);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
