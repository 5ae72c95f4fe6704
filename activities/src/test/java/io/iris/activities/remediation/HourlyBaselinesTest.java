package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.SYSTEM_HEALTH_METRICS;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.HealthStorage.Key;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.remediation.Observations.Baseline;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hourly baseline series against the real PostgreSQL: complete hours only, read once. */
class HourlyBaselinesTest {

  static IsolatedSchema schema;
  static DSLContext db;

  /** Today 13:20 UTC, so the hours lie in the partitions the migration made. */
  final Instant now =
      Instant.now().truncatedTo(ChronoUnit.DAYS).plus(13, ChronoUnit.HOURS).plusSeconds(20 * 60);

  final Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
  static final Key TWILIO = new Key("twilio", Channel.SMS);

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("hourly_baselines_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void clean() {
    db.deleteFrom(SYSTEM_HEALTH_METRICS).execute();
  }

  private void row(Instant minute, String source, long delivered, long failed, String cost) {
    db.execute(
        "INSERT INTO system_health_metrics (bucket_start, provider, channel, source, attempts,"
            + " accepted, delivered, failed, call_latency_buckets, receipt_latency_buckets,"
            + " cost_usd, updated_at) VALUES (?::timestamptz, 'twilio', 'sms', ?, ?, ?, ?, ?, '{}', '{}', ?,"
            + " now())",
        minute.atOffset(ZoneOffset.UTC),
        source,
        delivered + failed,
        delivered + failed,
        delivered,
        failed,
        new BigDecimal(cost));
  }

  private HourlyBaselines baselines() {
    return new HourlyBaselines(db, Duration.ofHours(6), Duration.ofSeconds(10));
  }

  @Test
  void givenRowsOverSeveralHours_whenRead_itShouldSumEachCompleteHourAcrossMinutesAndSources() {
    Instant h1 = thisHour.minus(2, ChronoUnit.HOURS);
    row(h1, "a", 90, 10, "0.50");
    row(h1.plusSeconds(59 * 60), "b", 8, 2, "0.25");
    row(thisHour.minus(1, ChronoUnit.HOURS), "a", 50, 0, "1");
    row(thisHour, "a", 1, 1000, "9"); // the hour under way: not complete
    row(thisHour.minus(7, ChronoUnit.HOURS), "a", 1, 1000, "9"); // before the window

    List<HourlyBaselines.Hour> hours = baselines().series(now).get(TWILIO);

    assertThat(hours).hasSize(2);
    assertThat(hours.get(0).start()).isEqualTo(h1);
    assertThat(hours.get(0).delivered()).isEqualTo(98);
    assertThat(hours.get(0).failed()).isEqualTo(12);
    assertThat(hours.get(0).costUsd()).isEqualByComparingTo("0.75");
    assertThat(hours.get(1).delivered()).isEqualTo(50);
  }

  @Test
  void givenCompleteHoursReadOnce_whenReadAgain_itShouldNotReadThemFromTheDatabaseAgain() {
    row(thisHour.minus(2, ChronoUnit.HOURS), "a", 90, 10, "0.50");
    HourlyBaselines baselines = baselines();
    baselines.series(now);
    assertThat(baselines.reads()).isEqualTo(1);

    // A row written into a memoised hour now is not seen: a complete hour never changes.
    row(thisHour.minus(2, ChronoUnit.HOURS).plusSeconds(60), "late", 0, 1000, "0");
    Map<Key, List<HourlyBaselines.Hour>> again = baselines.series(now.plusSeconds(60));

    assertThat(baselines.reads()).isEqualTo(1);
    assertThat(again.get(TWILIO).get(0).failed()).isEqualTo(10);

    // The next hour completes: only it is read.
    row(thisHour, "a", 7, 0, "0");
    Map<Key, List<HourlyBaselines.Hour>> later = baselines.series(now.plus(1, ChronoUnit.HOURS));
    assertThat(baselines.reads()).isEqualTo(2);
    assertThat(later.get(TWILIO)).extracting(HourlyBaselines.Hour::delivered).contains(7L);
  }

  @Test
  void givenHistoryWrittenIntoKeptHours_whenCleared_itShouldReadItAgain() {
    HourlyBaselines baselines = baselines();
    assertThat(baselines.series(now)).isEmpty();
    // A backfill (or a flush after a long outage) into hours already read as empty.
    row(thisHour.minus(3, ChronoUnit.HOURS), "backfill", 40, 0, "0.40");
    assertThat(baselines.series(now)).isEmpty();

    baselines.clear();
    Map<Key, List<HourlyBaselines.Hour>> after = baselines.series(now);

    assertThat(after.get(TWILIO)).extracting(HourlyBaselines.Hour::delivered).containsExactly(40L);
    assertThat(baselines.reads()).isEqualTo(2);
  }

  @Test
  void givenAnHourJustEnded_whenWithinTheFlushGrace_itShouldNotCountItYet() {
    row(thisHour.minus(1, ChronoUnit.HOURS), "a", 10, 0, "0");
    Instant justAfter = thisHour.plusSeconds(5);

    assertThat(baselines().series(justAfter)).doesNotContainKey(TWILIO);
    assertThat(baselines().series(thisHour.plusSeconds(11)).get(TWILIO)).hasSize(1);
  }

  @Test
  void givenHourlyRates_whenTheBaselineIsMade_itShouldBeCommonsMathsMeanAndSampleDeviation() {
    List<HourlyBaselines.Hour> hours =
        List.of(
            new HourlyBaselines.Hour(thisHour.minus(3, ChronoUnit.HOURS), 99, 1, BigDecimal.ONE),
            new HourlyBaselines.Hour(thisHour.minus(1, ChronoUnit.HOURS), 97, 3, BigDecimal.ONE),
            new HourlyBaselines.Hour(thisHour.minus(2, ChronoUnit.HOURS), 98, 2, BigDecimal.ONE),
            new HourlyBaselines.Hour(thisHour.minus(4, ChronoUnit.HOURS), 0, 0, BigDecimal.ONE));

    Baseline b = AnomalyObserver.baseline(hours);

    DescriptiveStatistics expected = new DescriptiveStatistics(new double[] {99, 98, 97});
    assertThat(b.hours()).as("the hour without outcomes has no rate").isEqualTo(3);
    assertThat(b.meanRatePercent()).isEqualTo(98.0);
    assertThat(b.stddevRatePercent())
        .as("sample σ (n − 1), not population")
        .isEqualTo(expected.getStandardDeviation())
        .isEqualTo(1.0);
  }
}
