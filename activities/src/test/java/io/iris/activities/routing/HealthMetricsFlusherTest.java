package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.SYSTEM_HEALTH_METRICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.iris.activities.support.IsolatedSchema;
import io.iris.schema.jooq.tables.records.SystemHealthMetricsRecord;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The flusher against the real PostgreSQL, with a switch in front of it that takes the database
 * away (every connection refused, as the pool does when the server cannot be reached).
 */
class HealthMetricsFlusherTest {

  static IsolatedSchema schema;

  /** Today, so the minutes fall in a daily partition the migration made. */
  static final Instant START = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);

  final HealthRecorderTest.MovableClock clock = new HealthRecorderTest.MovableClock(START);
  final Switchable database = new Switchable();
  HealthRecorder recorder;
  HealthMetricsFlusher flusher;

  /** The real data source, or none at all. */
  static final class Switchable extends DelegatingDataSource {
    volatile boolean down;

    Switchable() {
      super(schema.dataSource());
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down) {
        throw new SQLTransientConnectionException("connection refused (the test took it away)");
      }
      return super.getConnection();
    }
  }

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("health_metrics_flusher_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void parts() {
    schema.db().deleteFrom(SYSTEM_HEALTH_METRICS).execute();
    DSLContext db = DSL.using(database, SQLDialect.POSTGRES);
    recorder =
        new HealthRecorder(
            clock, new StaticListableBeanFactory().getBeanProvider(ProviderCallListener.class));
    flusher = flusher(db, Duration.ofMillis(50), 3);
  }

  @AfterEach
  void stop() {
    flusher.stop();
  }

  private HealthMetricsFlusher flusher(DSLContext db, Duration interval, int maxBuffered) {
    HealthSettings settings =
        new HealthSettings(
            Duration.ofMinutes(1),
            Duration.ofHours(24),
            Duration.ofMinutes(5),
            interval,
            maxBuffered,
            Duration.ofDays(30),
            7,
            Duration.ofDays(30));
    return new HealthMetricsFlusher(recorder, new HealthMetricsStore(db, clock), settings, clock);
  }

  private List<SystemHealthMetricsRecord> rows() {
    return schema
        .db()
        .selectFrom(SYSTEM_HEALTH_METRICS)
        .orderBy(SYSTEM_HEALTH_METRICS.BUCKET_START)
        .fetch()
        .stream()
        .toList();
  }

  @Test
  void givenTheDatabaseDownForTenMinutes_whenFlushing_itShouldNotThrowKeepTheCapThenWriteTheRest() {
    database.down = true;
    for (int minute = 0; minute < 10; minute++) {
      clock.set(START.plusSeconds(60L * minute + 30));
      for (int i = 0; i <= minute; i++) {
        recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
      }
      boolean[] written = new boolean[1];
      assertThatCode(() -> written[0] = flusher.flush()).doesNotThrowAnyException();
      assertThat(written[0]).isFalse();
      assertThat(recorder.buffered()).isLessThanOrEqualTo(3);
    }
    assertThat(rows()).isEmpty();

    database.down = false;
    assertThat(flusher.flush()).isTrue();

    // The last three minutes (the cap), each with the counts it had: 8, 9 and 10 calls.
    assertThat(rows())
        .extracting(r -> r.getBucketStart().toInstant() + " " + r.getAttempts())
        .containsExactly(
            START.plusSeconds(7 * 60) + " 8",
            START.plusSeconds(8 * 60) + " 9",
            START.plusSeconds(9 * 60) + " 10");
    assertThat(rows())
        .extracting(SystemHealthMetricsRecord::getSource)
        .containsOnly(flusher.source());
  }

  @Test
  void givenTheLoopRunning_whenTheDatabaseGoesAndComesBack_itShouldKeepGoingAndWriteTheFigures() {
    flusher.start();
    database.down = true;
    recorder.call("telnyx", Channel.SMS, CallOutcome.UNAVAILABLE, 3_000, BigDecimal.ZERO);
    recorder.call("telnyx", Channel.SMS, CallOutcome.ACCEPTED, 200, new BigDecimal("0.004"));

    // Several ticks fail; the loop stays alive and the figures stay in memory.
    await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(flusher.isRunning()).isTrue();
    assertThat(recorder.buffered()).isEqualTo(1);

    database.down = false;
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(rows())
                    .extracting(
                        r -> r.getAttempts() + " " + r.getUnavailable() + " " + r.getAccepted())
                    .containsExactly("2 1 1"));
    assertThat(recorder.pending()).isEmpty();
  }

  @Test
  void givenFiguresNotYetWritten_whenTheFlusherStops_itShouldWriteThemOnce() {
    HealthMetricsFlusher slow =
        flusher(DSL.using(database, SQLDialect.POSTGRES), Duration.ofHours(1), 60);
    slow.start();
    recorder.call("plivo", Channel.SMS, CallOutcome.REJECTED, 30, BigDecimal.ZERO);
    recorder.finished("plivo", Channel.SMS, false, java.util.OptionalLong.empty());
    assertThat(rows()).isEmpty();

    slow.stop();

    assertThat(slow.isRunning()).isFalse();
    assertThat(rows())
        .extracting(r -> r.getSource() + " " + r.getRejected() + " " + r.getFailed())
        .containsExactly(slow.source() + " 1 1");
  }

  @Test
  void givenAMinuteWrittenInFull_whenItIsWellPast_itShouldLeaveMemoryButNotTheTable() {
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    assertThat(flusher.flush()).isTrue();
    assertThat(recorder.buffered()).isEqualTo(1);

    clock.set(START.plus(Duration.ofMinutes(2)));
    recorder.call("twilio", Channel.SMS, CallOutcome.ACCEPTED, 10, BigDecimal.ZERO);
    assertThat(flusher.flush()).isTrue();

    // The old minute's row stays; the memory keeps only the current minute.
    assertThat(rows()).hasSize(2);
    assertThat(recorder.buffered()).isEqualTo(1);
    assertThat(recorder.pending()).isEmpty();
  }
}
