package io.iris.api.routing;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.PROVIDER_HEALTH_SCORES;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.HealthStorage;
import io.iris.activities.routing.LatencyHistogram;
import io.iris.activities.routing.ProviderRoutingStore;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.api.support.IsolatedSchema;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.HealthScore;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failover's storage against the real PostgreSQL, in a schema of its own: routing writes with
 * their exactly-once audit rows, the metrics windows summed over processes and minutes, idempotent
 * scores, and the daily partitions.
 */
class FailoverStoresTest {

  private static IsolatedSchema schema;
  private static DSLContext db;

  private static final HealthSettings SETTINGS =
      new HealthSettings(
          Duration.ofMinutes(1),
          Duration.ofHours(24),
          Duration.ofMinutes(5),
          Duration.ofSeconds(5),
          60,
          Duration.ofDays(30),
          7,
          Duration.ofDays(30));

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("failover_stores_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  private static int auditRows(String eventKey) {
    return db.fetchCount(AUDIT_LOGS, AUDIT_LOGS.EVENT_KEY.eq(eventKey));
  }

  @Test
  void givenARetriedMarkStepAndRestore_whenWrittenTwice_itShouldAuditEachOnceAndKeepTheState() {
    ProviderRoutingStore store = new ProviderRoutingStore(db);
    String id = UUID.randomUUID().toString();
    UUID operator = UUID.randomUUID();
    FailoverRequest request =
        new FailoverRequest(
            id,
            "plivo",
            Channel.SMS,
            FailoverTrigger.MANUAL,
            "maintenance",
            operator.toString(),
            1);
    Instant t0 = Instant.parse("2030-01-01T10:00:00Z");

    RoutingState first = store.markFailedOver(request, 0, t0);
    RoutingState again = store.markFailedOver(request, 0, t0.plusSeconds(5));

    assertThat(first.status()).isEqualTo(ProviderStatus.FAILED_OVER);
    assertThat(first.weight()).isZero();
    assertThat(again.since()).as("a repeat keeps since").isEqualTo(t0);
    assertThat(again.reason()).isEqualTo("maintenance");
    assertThat(auditRows("failover:" + id)).isEqualTo(1);
    var audit =
        db.selectFrom(AUDIT_LOGS).where(AUDIT_LOGS.EVENT_KEY.eq("failover:" + id)).fetchOne();
    assertThat(audit.getAction()).isEqualTo("provider.failover");
    assertThat(audit.getActorKeyId()).isEqualTo(operator);
    assertThat(audit.getActorScope()).isEqualTo("admin");
    assertThat(audit.getDetails().data())
        .contains("\"trigger\": \"manual\"", "\"channel\": \"sms\"");

    store.setWeight("plivo", Channel.SMS, id, 1, 10, t0.plusSeconds(60));
    RoutingState stepped = store.setWeight("plivo", Channel.SMS, id, 1, 10, t0.plusSeconds(61));
    assertThat(stepped.status()).isEqualTo(ProviderStatus.RECOVERING);
    assertThat(stepped.weight()).isEqualTo(10);
    assertThat(stepped.since()).as("recovering since the first step").isEqualTo(t0.plusSeconds(60));
    assertThat(auditRows("failback:" + id + ":1")).isEqualTo(1);

    store.restore("plivo", Channel.SMS, id, "fail-back completed", t0.plusSeconds(120));
    RoutingState restored =
        store.restore("plivo", Channel.SMS, id, "fail-back completed", t0.plusSeconds(121));
    assertThat(restored.status()).isEqualTo(ProviderStatus.HEALTHY);
    assertThat(restored.weight()).isEqualTo(100);
    assertThat(auditRows("failback:" + id + ":restored")).isEqualTo(1);
    assertThat(store.all()).filteredOn(s -> s.provider().equals("plivo")).hasSize(1);
  }

  @Test
  void givenAProviderAlreadyFailedOver_whenAnotherTriggerMarksIt_itShouldOnlyAddTheReason() {
    ProviderRoutingStore store = new ProviderRoutingStore(db);
    Instant t0 = Instant.parse("2030-01-02T10:00:00Z");
    store.markFailedOver(
        new FailoverRequest(
            "a-" + UUID.randomUUID(),
            "telnyx",
            Channel.SMS,
            FailoverTrigger.BREAKER,
            "breaker",
            "",
            1),
        0,
        t0);

    RoutingState both =
        store.markFailedOver(
            new FailoverRequest(
                "b-" + UUID.randomUUID(),
                "telnyx",
                Channel.SMS,
                FailoverTrigger.OUTAGE,
                "outage",
                "",
                2),
            0,
            t0.plusSeconds(30));

    assertThat(both.reason()).isEqualTo("breaker; outage");
    assertThat(both.since()).isEqualTo(t0);
  }

  private static void minute(
      String source,
      Instant bucket,
      long attempts,
      long accepted,
      long unavailable,
      long latencyMs) {
    int[] buckets = new int[LatencyHistogram.BUCKETS];
    buckets[LatencyHistogram.bucketOf(latencyMs)] = (int) attempts;
    db.execute(
        "INSERT INTO system_health_metrics (bucket_start, provider, channel, source, attempts,"
            + " accepted, unavailable, delivered, failed, call_latency_sum_ms, call_latency_buckets,"
            + " receipt_latency_buckets, cost_usd, updated_at)"
            + " VALUES (?::timestamptz, 'twilio', 'sms', ?, ?, ?, ?, ?, ?, ?, ?::int[], '{}'::int[], ?, now())",
        bucket.atOffset(ZoneOffset.UTC),
        source,
        attempts,
        accepted,
        unavailable,
        accepted,
        attempts - accepted,
        attempts * latencyMs,
        toArray(buckets),
        BigDecimal.valueOf(accepted).multiply(new BigDecimal("0.0079")));
  }

  private static String toArray(int[] a) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < a.length; i++) {
      b.append(i == 0 ? "" : ",").append(a[i]);
    }
    return b.append('}').toString();
  }

  @Test
  void givenMinutesFromTwoProcesses_whenAWindowIsRead_itShouldSumThemAndDeriveUptime() {
    Instant m0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minusSeconds(600);
    minute("a", m0, 10, 10, 0, 100);
    minute("b", m0, 10, 10, 0, 300);
    // The next minute: 12 of 20 calls found it unavailable across the two processes: down.
    minute("a", m0.plusSeconds(60), 10, 2, 8, 200);
    minute("b", m0.plusSeconds(60), 10, 6, 4, 200);

    Map<HealthStorage.Key, HealthStorage.Figures> window =
        new HealthStorage(db, SETTINGS).window(m0, m0.plusSeconds(120));
    HealthStorage.Figures f = window.get(new HealthStorage.Key("twilio", Channel.SMS));

    assertThat(f.attempts()).isEqualTo(40);
    assertThat(f.accepted()).isEqualTo(28);
    assertThat(f.downMinutes()).isEqualTo(1);
    assertThat(f.failures()).isEqualTo(12);
    ProviderMetrics m = HealthStorage.metrics("twilio", Channel.SMS, f, Duration.ofMinutes(4));
    assertThat(m.callLatencyMeanMs()).isEqualTo((1000 + 3000 + 2000 + 2000) / 40.0);
    assertThat(m.uptimePercent()).isEqualByComparingTo("75");
    assertThat(m.callLatencyP50Ms())
        .isEqualTo(LatencyHistogram.upperBoundMs(LatencyHistogram.bucketOf(200)));
    assertThat(m.costPerMessageUsd()).isEqualByComparingTo("0.0079");
  }

  @Test
  void givenAScoreRowSavedTwice_whenStored_itShouldKeepOneRow() {
    HealthStorage storage = new HealthStorage(db, SETTINGS);
    ProviderMetrics m =
        new ProviderMetrics(
            "sendgrid",
            Channel.EMAIL,
            10,
            10,
            10,
            0,
            50,
            50,
            60,
            70,
            new BigDecimal("0.00095"),
            new BigDecimal("100"));
    ProviderScoreRow row =
        new ProviderScoreRow(
            1_900_000_000_000L,
            ProviderScoreRow.Window.CURRENT,
            1_899_999_700_000L,
            m,
            new HealthScore(100, 100, 100, 100, 100, true),
            1);

    storage.saveScores(List.of(row));
    storage.saveScores(List.of(row));

    assertThat(
            db.fetchCount(PROVIDER_HEALTH_SCORES, PROVIDER_HEALTH_SCORES.PROVIDER.eq("sendgrid")))
        .isEqualTo(1);
    assertThat(
            storage.latestCurrentScore(
                "sendgrid", Channel.EMAIL, Instant.ofEpochMilli(1_899_999_999_999L)))
        .contains(100.0);
  }

  @Test
  void
      givenRowsInTheDefaultPartition_whenMaintained_itShouldMoveThemIntoTheirNewDayAndDropOldDays() {
    HealthStorage storage = new HealthStorage(db, SETTINGS);
    // Forty days on: the migration's days are expired, the new ones missing; one row waits in the
    // default partition for a day that has no partition yet.
    Instant later = Instant.now().plus(Duration.ofDays(40));
    LocalDate day = later.atOffset(ZoneOffset.UTC).toLocalDate();
    minute("stray", later.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), 5, 5, 0, 10);
    assertThat(db.fetchCount(db.selectFrom("system_health_metrics_default"))).isEqualTo(1);

    HealthStorage.Changes changes = storage.maintain(later);

    assertThat(changes.created()).hasSize(8).contains(day, day.plusDays(7));
    assertThat(changes.dropped()).contains(LocalDate.now(ZoneOffset.UTC));
    assertThat(db.fetchCount(db.selectFrom("system_health_metrics_default"))).isZero();
    assertThat(
            db.fetchCount(
                db.selectFrom(
                    "system_health_metrics_p"
                        + day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE))))
        .isEqualTo(1);
    assertThat(
            db.fetchValue(
                "SELECT count(*) FROM system_health_metrics WHERE source = 'stray'", Long.class))
        .isEqualTo(1L);

    HealthStorage.Changes again = storage.maintain(later);
    assertThat(again.created()).isEmpty();
    assertThat(again.dropped()).isEmpty();
  }
}
