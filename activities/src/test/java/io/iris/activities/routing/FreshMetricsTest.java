package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.SYSTEM_HEALTH_METRICS;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.FreshMetrics;
import io.iris.activities.remediation.TaskQueueBacklog;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.MetricsMark;
import io.iris.workflows.remediation.ScopeMetrics;
import io.iris.workflows.remediation.VerifyCondition.Scope;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Fresh metrics against the real PostgreSQL: what {@code measureSince} gives equals exactly what
 * was flushed between the mark and the read, within a minute and across the next one, whatever the
 * minute held before the mark. (In the routing package for its fake clock and recorder.)
 */
class FreshMetricsTest {

  static IsolatedSchema schema;
  static DSLContext db;

  final RoutingTestSupport.MovableClock clock = new RoutingTestSupport.MovableClock();
  HealthRecorder recorder;
  HealthMetricsStore store;
  FreshMetrics fresh;

  /** Today 13:00, so the rows fall in a partition the migration made. */
  final Instant minute = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(13, ChronoUnit.HOURS);

  final AnomalyRef outage =
      new AnomalyRef(
          UUID.randomUUID().toString(),
          AnomalyType.PROVIDER_OUTAGE,
          Severity.CRITICAL,
          "provider_outage:sms:twilio",
          "sms",
          "twilio",
          "",
          "",
          98,
          10,
          -90,
          "percent",
          "",
          0);

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("fresh_metrics_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void setUp() {
    db.deleteFrom(SYSTEM_HEALTH_METRICS).execute();
    clock.advance(Duration.between(clock.instant(), minute.plusSeconds(5)));
    recorder =
        new HealthRecorder(
            clock, new StaticListableBeanFactory().getBeanProvider(ProviderCallListener.class));
    store = new HealthMetricsStore(db, clock);
    HealthSettings health = ThrottleSettings.health();
    fresh =
        new FreshMetrics(
            new HealthStorage(db, health),
            health,
            db,
            new StaticListableBeanFactory().getBeanProvider(TaskQueueBacklog.class),
            clock);
  }

  private void outcomes(String provider, int delivered, int failed) {
    for (int i = 0; i < delivered + failed; i++) {
      recorder.call(provider, Channel.SMS, CallOutcome.ACCEPTED, 100, new BigDecimal("0.01"));
      recorder.finished(provider, Channel.SMS, i < delivered, OptionalLong.empty());
    }
  }

  private void flush() {
    var pending = recorder.pending();
    store.upsert("process-a", pending);
    recorder.flushed(pending, clock.instant());
  }

  @Test
  void givenOutcomesFlushedAfterTheMark_whenMeasuredSince_itShouldCountExactlyThoseAcrossMinutes() {
    outcomes("twilio", 2, 18);
    flush();
    clock.advance(Duration.ofSeconds(15));
    MetricsMark mark = fresh.mark(outage, Scope.PROVIDER);
    MetricsMark channelMark = fresh.mark(outage, Scope.CHANNEL);

    clock.advance(Duration.ofSeconds(10));
    outcomes("twilio", 30, 10);
    outcomes("plivo", 7, 3);
    flush();
    clock.advance(Duration.ofSeconds(40)); // into the next minute
    outcomes("twilio", 20, 0);
    flush();
    clock.advance(Duration.ofSeconds(5));

    ScopeMetrics provider = fresh.measureSince(outage, mark);
    ScopeMetrics channel = fresh.measureSince(outage, channelMark);

    assertThat(provider.samples()).isEqualTo(60);
    assertThat(provider.values().get("delivery_rate_percent")).isEqualTo(50 * 100.0 / 60);
    assertThat(channel.samples()).isEqualTo(70);
    assertThat(channel.values().get("delivery_rate_percent")).isEqualTo(57 * 100.0 / 70);
    assertThat(provider.fromMillis()).isEqualTo(mark.atMillis());
  }

  @Test
  void givenCallsWithoutOutcomesYet_whenMeasuredSince_itShouldGiveTheCallSuccessAndNoRate() {
    MetricsMark mark = fresh.mark(outage, Scope.CHANNEL);
    clock.advance(Duration.ofSeconds(10));
    // A provider whose outcomes come only by polling: calls, no receipt yet.
    for (int i = 0; i < 40; i++) {
      recorder.call(
          "plivo",
          Channel.SMS,
          i < 39 ? CallOutcome.ACCEPTED : CallOutcome.UNAVAILABLE,
          50,
          new BigDecimal("0.01"));
    }
    flush();
    clock.advance(Duration.ofSeconds(5));

    ScopeMetrics channel = fresh.measureSince(outage, mark);

    assertThat(channel.samples()).isEqualTo(40);
    assertThat(channel.values().get("call_success_percent")).isEqualTo(39 * 100.0 / 40);
    assertThat(channel.values()).doesNotContainKey("delivery_rate_percent");
  }

  @Test
  void givenNothingFlushedAfterTheMark_whenMeasuredSince_itShouldHaveNoSamplesAndNoRate() {
    outcomes("twilio", 5, 15);
    flush();
    clock.advance(Duration.ofSeconds(10));
    MetricsMark mark = fresh.mark(outage, Scope.PROVIDER);
    clock.advance(Duration.ofSeconds(30));

    ScopeMetrics since = fresh.measureSince(outage, mark);

    assertThat(since.samples()).isZero();
    assertThat(since.values()).doesNotContainKey("delivery_rate_percent");
    ScopeMetrics before = fresh.measure(outage, Scope.PROVIDER);
    assertThat(before.samples()).isEqualTo(20);
    assertThat(before.values().get("delivery_rate_percent")).isEqualTo(25.0);
  }

  @Test
  void givenAChannelAnomalyWithNoProvider_whenMeasured_itShouldSumTheChannelsProviders() {
    AnomalyRef costSpike =
        new AnomalyRef(
            UUID.randomUUID().toString(),
            AnomalyType.COST_SPIKE,
            Severity.MEDIUM,
            "cost_spike:sms",
            "sms",
            "",
            "",
            "",
            1.0,
            3.0,
            200,
            "usd_per_hour",
            "",
            0);
    outcomes("twilio", 10, 0);
    outcomes("plivo", 5, 5);
    flush();
    clock.advance(Duration.ofSeconds(10));
    MetricsMark mark = fresh.mark(costSpike, Scope.CHANNEL);
    clock.advance(Duration.ofSeconds(10));
    outcomes("plivo", 4, 0);
    flush();

    ScopeMetrics before = fresh.measure(costSpike, Scope.CHANNEL);
    ScopeMetrics since = fresh.measureSince(costSpike, mark);

    assertThat(before.samples()).isEqualTo(24);
    assertThat(before.values().get("delivery_rate_percent")).isEqualTo(19 * 100.0 / 24);
    assertThat(since.samples()).isEqualTo(4);
    assertThat(since.values()).containsKey("cost_usd_per_hour");
  }

  /** The health settings of the tests. */
  static final class ThrottleSettings {
    static HealthSettings health() {
      return new HealthSettings(
          Duration.ofMinutes(1),
          Duration.ofHours(24),
          Duration.ofMinutes(5),
          Duration.ofSeconds(5),
          10_000,
          Duration.ofDays(8),
          2,
          Duration.ofDays(8));
    }
  }
}
