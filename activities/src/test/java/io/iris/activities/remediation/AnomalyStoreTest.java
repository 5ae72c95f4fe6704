package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.ANOMALY_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.AnomalyStore.Impact;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.DetectionOutcome;
import io.iris.workflows.remediation.Finding;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code anomaly_events} against the real PostgreSQL, in a schema of its own. */
class AnomalyStoreTest {

  static IsolatedSchema schema;
  static DSLContext db;
  AnomalyStore store;

  final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.HOURS);

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("anomaly_store_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void clean() {
    db.execute("DELETE FROM message_attempts");
    db.execute("DELETE FROM messages");
    db.deleteFrom(ANOMALY_EVENTS).execute();
    store = new AnomalyStore(db);
  }

  static Finding outage(String provider, double actual) {
    return new Finding(
        AnomalyType.PROVIDER_OUTAGE,
        Severity.CRITICAL,
        "provider_outage:sms:" + provider,
        "sms",
        provider,
        "",
        "",
        80,
        actual,
        (actual - 80) / 80 * 100,
        "percent",
        provider + " on sms delivered " + actual + "%",
        Map.of("attempts", "120"));
  }

  private DetectionOutcome run(Instant at, Finding... findings) {
    return store.record(at, List.of(findings), f -> new Impact(7, 2), 2, Duration.ofDays(90));
  }

  @Test
  void givenANewFinding_whenRecorded_itShouldOpenOneRowWithItsFiguresAndImpact() {
    DetectionOutcome outcome = run(t0, outage("twilio", 12.5));

    assertThat(outcome.opened()).hasSize(1);
    assertThat(outcome.repeated()).isEmpty();
    var a =
        store.find(UUID.fromString(outcome.opened().get(0).anomaly().anomalyId())).orElseThrow();
    assertThat(a.status()).isEqualTo("open");
    assertThat(a.expected()).isEqualByComparingTo("80");
    assertThat(a.actual()).isEqualByComparingTo("12.5");
    assertThat(a.deviationPercent()).isEqualByComparingTo("-84.375");
    assertThat(a.messagesAffected()).isEqualTo(7);
    assertThat(a.tenantsAffected()).isEqualTo(2);
    assertThat(a.evidence()).containsEntry("attempts", "120");
    assertThat(a.detectedAt()).isEqualTo(t0);
  }

  @Test
  void givenAnOpenAnomaly_whenFoundAgain_itShouldRepeatTheSameRowNotOpenAnother() {
    String id = run(t0, outage("twilio", 12.5)).opened().get(0).anomaly().anomalyId();

    DetectionOutcome again = run(t0.plusSeconds(60), outage("twilio", 3));

    assertThat(again.opened()).isEmpty();
    assertThat(again.repeated()).hasSize(1);
    assertThat(again.repeated().get(0).anomaly().anomalyId()).isEqualTo(id);
    var a = store.find(UUID.fromString(id)).orElseThrow();
    assertThat(a.occurrences()).isEqualTo(2);
    assertThat(a.actual()).isEqualByComparingTo("3");
    assertThat(db.fetchCount(ANOMALY_EVENTS)).isEqualTo(1);
  }

  @Test
  void givenARetriedRecord_whenRunAgainAtTheSameTime_itShouldReportTheSameOutcomeAndCountOnce() {
    DetectionOutcome first = run(t0, outage("twilio", 12.5));
    DetectionOutcome retry = run(t0, outage("twilio", 12.5));

    assertThat(retry.opened()).isEqualTo(first.opened());
    var a = store.find(UUID.fromString(first.opened().get(0).anomaly().anomalyId())).orElseThrow();
    assertThat(a.occurrences()).isEqualTo(1);
  }

  @Test
  void givenAnOpenAnomaly_whenAbsentOneRun_itShouldStayOpenAndClearOnlyAfterTheSecond() {
    String id = run(t0, outage("twilio", 12.5)).opened().get(0).anomaly().anomalyId();

    DetectionOutcome once = run(t0.plusSeconds(60));
    assertThat(once.cleared()).isEmpty();
    assertThat(store.find(UUID.fromString(id)).orElseThrow().status()).isEqualTo("open");
    DetectionOutcome retried = run(t0.plusSeconds(60));
    assertThat(retried.cleared()).as("a retried run does not count twice").isEmpty();

    DetectionOutcome twice = run(t0.plusSeconds(120));

    assertThat(twice.cleared()).extracting(t -> t.anomaly().anomalyId()).containsExactly(id);
    var a = store.find(UUID.fromString(id)).orElseThrow();
    assertThat(a.status()).isEqualTo("resolved");
    assertThat(a.resolvedAt()).isEqualTo(t0.plusSeconds(120));
  }

  @Test
  void givenAnAbsenceBrokenByARepeat_whenAbsentAgain_itShouldCountTheMissedRunsAfresh() {
    run(t0, outage("twilio", 12.5));
    run(t0.plusSeconds(60));
    run(t0.plusSeconds(120), outage("twilio", 10));

    assertThat(run(t0.plusSeconds(180)).cleared()).isEmpty();
    assertThat(run(t0.plusSeconds(240)).cleared()).hasSize(1);
  }

  @Test
  void givenAClearedAnomaly_whenFoundAgain_itShouldOpenANewRow() {
    String first = run(t0, outage("twilio", 12.5)).opened().get(0).anomaly().anomalyId();
    run(t0.plusSeconds(60));
    run(t0.plusSeconds(120));

    DetectionOutcome back = run(t0.plusSeconds(180), outage("twilio", 1));

    assertThat(back.opened()).hasSize(1);
    assertThat(back.opened().get(0).anomaly().anomalyId()).isNotEqualTo(first);
    assertThat(store.list(Optional.of("resolved"), Optional.empty(), 10)).hasSize(1);
    assertThat(store.list(Optional.of("open"), Optional.empty(), 10)).hasSize(1);
  }

  @Test
  void givenEightRunsRecordingOneKeyAtOnce_whenTheyRace_itShouldKeepOneOpenRow() throws Exception {
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    List<Future<DetectionOutcome>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      for (int i = 0; i < n; i++) {
        Instant at = t0.plusMillis(i);
        Callable<DetectionOutcome> record =
            () -> {
              start.await();
              return store.record(
                  at, List.of(outage("telnyx", 5)), f -> Impact.NONE, 2, Duration.ofDays(90));
            };
        results.add(pool.submit(record));
      }
      for (Future<DetectionOutcome> r : results) {
        r.get();
      }
    }
    assertThat(
            db.fetchCount(
                ANOMALY_EVENTS,
                ANOMALY_EVENTS
                    .DEDUP_KEY
                    .eq("provider_outage:sms:telnyx")
                    .and(ANOMALY_EVENTS.STATUS.eq("open"))))
        .isEqualTo(1);
    assertThat(db.fetchCount(ANOMALY_EVENTS)).isEqualTo(1);
  }

  @Test
  void givenResolvedAnomaliesPastTheRetention_whenRecorded_itShouldDeleteOnlyThose() {
    run(t0.minus(Duration.ofDays(100)), outage("twilio", 1));
    run(t0.minus(Duration.ofDays(100)).plusSeconds(60));
    run(t0.minus(Duration.ofDays(100)).plusSeconds(120));
    assertThat(db.fetchCount(ANOMALY_EVENTS)).isEqualTo(1);
    run(t0.minus(Duration.ofDays(1)), outage("plivo", 1));
    run(t0.minus(Duration.ofDays(1)).plusSeconds(60));
    run(t0.minus(Duration.ofDays(1)).plusSeconds(120));

    assertThat(store.list(Optional.empty(), Optional.empty(), 10))
        .extracting(AnomalyStore.Anomaly::provider)
        .containsExactly("plivo");
  }

  // impact

  private UUID tenant() {
    UUID id = UUID.randomUUID();
    db.execute(
        "INSERT INTO tenants (id, name, created_at, updated_at) VALUES (?, ?, now(), now())",
        id,
        "t-" + id);
    return id;
  }

  private UUID message(UUID tenant, Instant at, String provider, String status) {
    UUID id = UUID.randomUUID();
    db.execute(
        "INSERT INTO messages (id, tenant_id, channel, recipient, status, provider, created_at,"
            + " updated_at) VALUES (?, ?, 'sms', '+15550001111', ?, ?, ?::timestamptz, ?::timestamptz)",
        id,
        tenant,
        status,
        provider,
        at.atOffset(ZoneOffset.UTC),
        at.atOffset(ZoneOffset.UTC));
    return id;
  }

  private void attempt(UUID message, String provider, String outcome, Instant at) {
    db.execute(
        "INSERT INTO message_attempts (message_id, attempt_key, provider, outcome, at) VALUES (?, ?,"
            + " ?, ?, ?::timestamptz)",
        message,
        provider + ":" + UUID.randomUUID(),
        provider,
        outcome,
        at.atOffset(ZoneOffset.UTC));
  }

  @Test
  void givenMessagesInAndOutOfTheWindow_whenImpactIsCounted_itShouldCountThoseTheProviderFailed() {
    UUID a = tenant();
    UUID b = tenant();
    Instant in = t0.plusSeconds(30);
    UUID refused = message(a, in, "telnyx", "delivered");
    attempt(refused, "twilio", "unavailable", in);
    attempt(refused, "telnyx", "accepted", in);
    UUID undelivered = message(b, in, "twilio", "undelivered");
    attempt(undelivered, "twilio", "accepted", in);
    UUID fine = message(b, in, "twilio", "delivered");
    attempt(fine, "twilio", "accepted", in);
    UUID before = message(a, t0.minusSeconds(1), "twilio", "failed");
    attempt(before, "twilio", "unavailable", t0.minusSeconds(1));

    Instant to = t0.plusSeconds(60);
    assertThat(store.failedOn("sms", "twilio", t0, to)).isEqualTo(new Impact(2, 2));
    assertThat(store.carriedBy("sms", "twilio", t0, to)).isEqualTo(new Impact(3, 2));
    assertThat(store.ofChannel("sms", t0, to)).isEqualTo(new Impact(3, 2));
    assertThat(store.failedOn("email", "twilio", t0, to)).isEqualTo(Impact.NONE);
  }
}
