package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.SYSTEM_HEALTH_METRICS;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.support.IsolatedSchema;
import io.iris.schema.jooq.tables.records.SystemHealthMetricsRecord;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The health metrics rows against the real PostgreSQL (the partitioned V7 table, in a schema of its
 * own so the running application's flushes never meet these rows).
 */
class HealthMetricsStoreTest {

  static IsolatedSchema schema;
  static DSLContext db;

  /** Today, so the minute falls in a daily partition the migration made. */
  final Instant minute = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(13, ChronoUnit.HOURS);

  final Instant writtenAt = minute.plusSeconds(42);
  HealthMetricsStore store;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("health_metrics_store_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void clean() {
    db.deleteFrom(SYSTEM_HEALTH_METRICS).execute();
    store = new HealthMetricsStore(db, Clock.fixed(writtenAt, ZoneOffset.UTC));
  }

  static HealthRecorder recorderAt(Instant at) {
    return new HealthRecorder(
        Clock.fixed(at, ZoneOffset.UTC),
        new StaticListableBeanFactory().getBeanProvider(ProviderCallListener.class));
  }

  private List<SystemHealthMetricsRecord> rows() {
    return db
        .selectFrom(SYSTEM_HEALTH_METRICS)
        .orderBy(SYSTEM_HEALTH_METRICS.SOURCE)
        .fetch()
        .stream()
        .toList();
  }

  @Test
  void givenAMinuteWrittenTwice_whenItsTotalsGrewBetween_itShouldKeepOneRowWithTheLatestTotals() {
    HealthRecorder recorder = recorderAt(minute.plusSeconds(10));
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 100, new BigDecimal("0.0079"));
    store.upsert("process-a", recorder.pending());
    for (int i = 1; i <= 99; i++) {
      recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, i * 10L, new BigDecimal("0.0079"));
    }
    recorder.call("twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 3_000, BigDecimal.ZERO);
    recorder.attemptFailed("twilio", Channel.SMS);
    recorder.finished("twilio", Channel.SMS, true, OptionalLong.of(2_000));
    recorder.finished("twilio", Channel.SMS, true, OptionalLong.of(4_000));
    HealthRecorder.Minute latest = recorder.pending().get(0);

    store.upsert("process-a", List.of(latest));
    store.upsert("process-a", List.of(latest));

    List<SystemHealthMetricsRecord> rows = rows();
    assertThat(rows).hasSize(1);
    SystemHealthMetricsRecord row = rows.get(0);
    assertThat(row.getBucketStart().toInstant()).isEqualTo(minute);
    assertThat(row.getProvider()).isEqualTo("twilio");
    assertThat(row.getChannel()).isEqualTo("sms");
    assertThat(row.getSource()).isEqualTo("process-a");
    assertThat(row.getAttempts()).isEqualTo(101);
    assertThat(row.getAccepted()).isEqualTo(100);
    assertThat(row.getUnavailable()).isEqualTo(1);
    assertThat(row.getRejected()).isZero();
    assertThat(row.getRateLimited()).isZero();
    assertThat(row.getFailed()).isEqualTo(1);
    assertThat(row.getDelivered()).isEqualTo(2);
    assertThat(row.getCallLatencySumMs()).isEqualTo(latest.callLatencySumMs());
    assertThat(row.getCostUsd()).isEqualByComparingTo("0.790000");
    int[] buckets = latest.callLatencyBuckets();
    assertThat(row.getCallLatencyBuckets()).hasSize(LatencyHistogram.BUCKETS);
    assertThat(row.getCallLatencyBuckets())
        .containsExactly(java.util.Arrays.stream(buckets).boxed().toArray(Integer[]::new));
    assertThat(row.getCallLatencyP50Ms())
        .isEqualTo((int) LatencyHistogram.percentile(buckets, 0.50))
        .isBetween(490, 600);
    assertThat(row.getCallLatencyP95Ms())
        .isEqualTo((int) LatencyHistogram.percentile(buckets, 0.95));
    assertThat(row.getCallLatencyP99Ms())
        .isEqualTo((int) LatencyHistogram.percentile(buckets, 0.99));
    assertThat(row.getReceiptLatencyCount()).isEqualTo(2);
    assertThat(row.getReceiptLatencySumMs()).isEqualTo(6_000);
    assertThat(row.getReceiptLatencyP50Ms())
        .isEqualTo((int) LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(2_000)));
    assertThat(row.getReceiptLatencyP99Ms())
        .isEqualTo((int) LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(4_000)));
    assertThat(row.getUpdatedAt().toInstant()).isEqualTo(writtenAt);
  }

  @Test
  void givenAMinuteWithNoLatencies_whenWritten_itsPercentilesShouldBeNullAndItsBucketsZero() {
    HealthRecorder recorder = recorderAt(minute);
    recorder.attemptFailed("plivo", Channel.SMS);

    store.upsert("process-a", recorder.pending());

    SystemHealthMetricsRecord row = rows().get(0);
    assertThat(row.getCallLatencyP50Ms()).isNull();
    assertThat(row.getReceiptLatencyP99Ms()).isNull();
    assertThat(row.getCallLatencyBuckets()).hasSize(LatencyHistogram.BUCKETS).containsOnly(0);
    assertThat(row.getFailed()).isEqualTo(1);
  }

  @Test
  void givenTwoProcessesInTheSameMinute_whenBothWrite_itShouldKeepTwoRowsThatSum() {
    HealthRecorder a = recorderAt(minute.plusSeconds(1));
    HealthRecorder b = recorderAt(minute.plusSeconds(59));
    for (int i = 0; i < 3; i++) {
      a.call("telnyx", Channel.SMS, CallOutcome.ACCEPTED, 50, new BigDecimal("0.004"));
    }
    for (int i = 0; i < 5; i++) {
      b.call("telnyx", Channel.SMS, CallOutcome.ACCEPTED, 500, new BigDecimal("0.004"));
    }
    b.call("telnyx", Channel.SMS, CallOutcome.RATE_LIMITED, 20, BigDecimal.ZERO);

    store.upsert("process-a", a.pending());
    store.upsert("process-b", b.pending());

    assertThat(rows())
        .extracting(SystemHealthMetricsRecord::getSource)
        .containsExactly("process-a", "process-b");
    var total =
        db.select(
                DSL.sum(SYSTEM_HEALTH_METRICS.ATTEMPTS),
                DSL.sum(SYSTEM_HEALTH_METRICS.ACCEPTED),
                DSL.sum(SYSTEM_HEALTH_METRICS.RATE_LIMITED),
                DSL.sum(SYSTEM_HEALTH_METRICS.CALL_LATENCY_SUM_MS),
                DSL.sum(SYSTEM_HEALTH_METRICS.COST_USD))
            .from(SYSTEM_HEALTH_METRICS)
            .where(SYSTEM_HEALTH_METRICS.BUCKET_START.eq(minute.atOffset(ZoneOffset.UTC)))
            .and(SYSTEM_HEALTH_METRICS.PROVIDER.eq("telnyx"))
            .fetchOne();
    assertThat(total.value1()).isEqualByComparingTo("9");
    assertThat(total.value2()).isEqualByComparingTo("8");
    assertThat(total.value3()).isEqualByComparingTo("1");
    assertThat(total.value4()).isEqualByComparingTo(String.valueOf(3 * 50 + 5 * 500 + 20));
    assertThat(total.value5()).isEqualByComparingTo("0.032");
    // The stored buckets merge by adding: the merged p50 is the 500 ms bucket (5 of 9 there).
    long[] merged = new long[LatencyHistogram.BUCKETS];
    for (SystemHealthMetricsRecord row : rows()) {
      LatencyHistogram.addInto(
          merged,
          java.util.Arrays.stream(row.getCallLatencyBuckets())
              .mapToInt(Integer::intValue)
              .toArray());
    }
    assertThat(LatencyHistogram.percentile(merged, 0.5))
        .isEqualTo(LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(500)));
  }

  @Test
  void givenMinutesTodayAndFarAhead_whenWritten_itShouldLandInTodaysPartitionAndTheDefault() {
    Instant farAhead = minute.plus(90, ChronoUnit.DAYS);
    HealthRecorder today = recorderAt(minute.plusSeconds(5));
    HealthRecorder later = recorderAt(farAhead);
    today.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    later.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);

    store.upsert("process-a", today.pending());
    store.upsert("process-a", later.pending());

    var partitions =
        db.select(
                SYSTEM_HEALTH_METRICS.BUCKET_START,
                DSL.field("tableoid::regclass::text", String.class))
            .from(SYSTEM_HEALTH_METRICS)
            .orderBy(SYSTEM_HEALTH_METRICS.BUCKET_START)
            .fetch();
    String day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(minute);
    assertThat(partitions).hasSize(2);
    assertThat(partitions.get(0).value2()).endsWith("system_health_metrics_p" + day);
    assertThat(partitions.get(1).value2()).endsWith("system_health_metrics_default");
  }
}
