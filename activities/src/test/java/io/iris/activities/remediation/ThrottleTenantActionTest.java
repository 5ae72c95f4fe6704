package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.MESSAGES;
import static io.iris.schema.jooq.Tables.TENANTS;
import static io.iris.schema.jooq.Tables.TENANT_THROTTLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.actions.ThrottleTenantAction;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** throttle_tenant against the real PostgreSQL: the rate from the others' mean, and its undo. */
class ThrottleTenantActionTest {

  static IsolatedSchema schema;
  static DSLContext db;
  static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final UUID NOISY = UUID.randomUUID();
  static final UUID QUIET_A = UUID.randomUUID();
  static final UUID QUIET_B = UUID.randomUUID();

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

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("throttle_tenant_test");
    db = schema.db();
    OffsetDateTime at = OffsetDateTime.ofInstant(NOW.minusSeconds(60), ZoneOffset.UTC);
    for (UUID t : new UUID[] {NOISY, QUIET_A, QUIET_B}) {
      db.insertInto(TENANTS)
          .set(TENANTS.ID, t)
          .set(TENANTS.NAME, "t-" + t)
          .set(TENANTS.CREATED_AT, at)
          .set(TENANTS.UPDATED_AT, at)
          .execute();
    }
    // 5 minutes: the quiet tenants 600 messages each (2/s), the noisy one 6000.
    insertMessages(NOISY, 6000, at);
    insertMessages(QUIET_A, 600, at);
    insertMessages(QUIET_B, 600, at);
  }

  static void insertMessages(UUID tenant, int n, OffsetDateTime at) {
    db.execute(
        "INSERT INTO messages (id, tenant_id, channel, recipient, priority, status, cost_usd,"
            + " attempt_count, created_at, updated_at)"
            + " SELECT gen_random_uuid(), ?, 'sms', '+15550100', 'normal', 'accepted', 0.01, 0, ?::timestamptz, ?::timestamptz"
            + " FROM generate_series(1, ?)",
        tenant,
        at,
        at,
        n);
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @Test
  void
      givenANoisyTenant_whenThrottledToTwiceTheOthersMean_itShouldSetThatRateAndUndoOnlyItsOwnRow() {
    PlatformControls controls =
        new PlatformControls(db, RemediationSettingsTest.settings(true), CLOCK);
    TenantThrottles throttles = new TenantThrottles(db, CLOCK, controls);
    ThrottleTenantAction action =
        new ThrottleTenantAction(
            throttles, RemediationSettingsTest.settings(true), health(), db, CLOCK);
    throttles.throttle(QUIET_A, 50, 50, "by hand", "api", NOW.plus(Duration.ofHours(1)));
    StepCommand c =
        new StepCommand(
            "remediation-" + UUID.randomUUID() + "-noisy-tenant-throttle",
            "",
            "noisy-tenant-throttle",
            "step",
            0,
            new RunbookStep(RemediationAction.THROTTLE_TENANT, Map.of("ofAverage", "2"), 0),
            new AnomalyRef(
                UUID.randomUUID().toString(),
                AnomalyType.NOISY_NEIGHBOR_VOLUME,
                Severity.HIGH,
                "noisy_neighbor_volume:" + NOISY,
                "",
                "",
                NOISY.toString(),
                "",
                600,
                6000,
                900,
                "messages",
                "",
                NOW.toEpochMilli()),
            null,
            null);

    StepResult applied = action.apply(c);

    assertThat(applied.outcome()).isEqualTo(StepOutcome.APPLIED);
    // Others' mean: 600 messages over 300 s = 2/s; twice that = 4/s.
    assertThat(throttles.throttle(NOISY).orElseThrow().perSecond()).isEqualTo(4.0);
    assertThat(
            db.select(TENANT_THROTTLES.PER_SECOND)
                .from(TENANT_THROTTLES)
                .where(TENANT_THROTTLES.TENANT_ID.eq(NOISY))
                .fetchOne()
                .value1())
        .isEqualByComparingTo(new BigDecimal("4.000"));

    StepResult undone =
        action.undo(
            new StepCommand(
                c.remediationId(),
                "",
                c.runbook(),
                "rollback",
                0,
                c.step(),
                c.target(),
                applied,
                null));

    assertThat(undone.outcome()).isEqualTo(StepOutcome.ROLLED_BACK);
    assertThat(throttles.throttle(NOISY)).isEmpty();
    assertThat(throttles.throttle(QUIET_A)).isPresent();
    assertThat(db.fetchCount(MESSAGES, MESSAGES.TENANT_ID.in(NOISY, QUIET_A, QUIET_B)))
        .isEqualTo(7200);
  }

  @Test
  void givenACostSpike_whenTheTopCostTenantIsJudgedOverTheStepsWindow_itShouldBeTheSpikesTenant() {
    // A big but steady tenant whose messages are 4 minutes old: first over the current window
    // (5 min), not over the last minute, where the noisy tenant has 6000 of 7200.
    UUID steady = UUID.randomUUID();
    OffsetDateTime old = OffsetDateTime.ofInstant(NOW.minusSeconds(240), ZoneOffset.UTC);
    db.insertInto(TENANTS)
        .set(TENANTS.ID, steady)
        .set(TENANTS.NAME, "t-" + steady)
        .set(TENANTS.CREATED_AT, old)
        .set(TENANTS.UPDATED_AT, old)
        .execute();
    insertMessages(steady, 20_000, old);
    PlatformControls controls =
        new PlatformControls(db, RemediationSettingsTest.settings(true), CLOCK);
    TenantThrottles throttles = new TenantThrottles(db, CLOCK, controls);
    ThrottleTenantAction action =
        new ThrottleTenantAction(
            throttles, RemediationSettingsTest.settings(true), health(), db, CLOCK);
    AnomalyRef spike =
        new AnomalyRef(
            UUID.randomUUID().toString(),
            AnomalyType.COST_SPIKE,
            Severity.MEDIUM,
            "cost_spike:sms",
            "sms",
            "",
            "",
            "",
            10,
            30,
            200,
            "usd_per_hour",
            "",
            NOW.toEpochMilli());
    java.util.function.Function<Map<String, String>, StepCommand> step =
        params ->
            new StepCommand(
                "remediation-" + UUID.randomUUID() + "-cost-spike-throttle",
                "",
                "cost-spike-throttle",
                "step",
                0,
                new RunbookStep(RemediationAction.THROTTLE_TENANT, params, 0),
                spike,
                null,
                null);

    StepResult diluted =
        action.apply(
            step.apply(Map.of("target", "top_cost_tenant", "minShare", "0.5", "ofAverage", "1")));
    assertThat(diluted.detail())
        .as("over 5 minutes the steady tenant is first")
        .contains(steady.toString());

    throttles.unthrottle(steady, "remediation");
    db.deleteFrom(TENANT_THROTTLES).execute();
    StepResult recent =
        action.apply(
            step.apply(
                Map.of(
                    "target",
                    "top_cost_tenant",
                    "minShare",
                    "0.5",
                    "ofAverage",
                    "1",
                    "window",
                    "PT2M")));
    assertThat(recent.outcome()).isEqualTo(StepOutcome.APPLIED);
    assertThat(throttles.throttle(NOISY)).isPresent();
    assertThat(throttles.throttle(steady)).isEmpty();
    db.deleteFrom(TENANT_THROTTLES).execute();
  }
}
