package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.BUDGETS;
import static io.iris.schema.jooq.Tables.BUDGET_ALERTS;
import static io.iris.schema.jooq.Tables.COST_HOURLY;
import static io.iris.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.platform.OpsSlack;
import io.iris.activities.support.IsolatedSchema;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.workflows.cost.BudgetAlert;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets against the real PostgreSQL: each threshold alerts once per period (and again in the
 * next), alerts are sent once with their audit row, and a hard stop holds a tenant back from the
 * moment its spend reaches the budget until the budget changes.
 */
class BudgetsTest {

  static IsolatedSchema schema;

  /** A clock tests move. */
  static final class Moving extends Clock {
    volatile Instant now = Instant.parse("2026-03-10T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final Moving clock = new Moving();
  UUID tenant;
  BudgetStore store;
  BudgetActivitiesImpl activities;
  BudgetGuard guard;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("budgets_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void parts() {
    schema.db().deleteFrom(BUDGET_ALERTS).execute();
    schema.db().deleteFrom(BUDGETS).execute();
    schema.db().deleteFrom(COST_HOURLY).execute();
    tenant = UUID.randomUUID();
    schema
        .db()
        .insertInto(TENANTS)
        .set(TENANTS.ID, tenant)
        .set(TENANTS.NAME, "budget-" + tenant)
        .set(TENANTS.CREATED_AT, OffsetDateTime.ofInstant(clock.now, ZoneOffset.UTC))
        .set(TENANTS.UPDATED_AT, OffsetDateTime.ofInstant(clock.now, ZoneOffset.UTC))
        .execute();
    store = new BudgetStore(schema.db(), clock, new com.fasterxml.jackson.databind.ObjectMapper());
    CostSettings settings =
        new CostSettings(
            Duration.ofHours(3),
            5,
            new BigDecimal("50"),
            List.of(75, 90, 100),
            Duration.ofMinutes(1),
            Duration.ofSeconds(5));
    activities =
        new BudgetActivitiesImpl(
            store,
            settings,
            new OpsSlack(
                new SlackIncidentSettings("", "", Duration.ofMinutes(5)),
                new SlackConnection("", ""),
                null));
    guard = new BudgetGuard(store, settings, clock);
  }

  /** Spend the tenant made in the current hour. */
  private void spend(String usd) {
    SpendRollups.moveEnd(
        schema.db(),
        tenant,
        "sms",
        "",
        Optional.empty(),
        new SpendRollups.End(clock.now, "twilio", new BigDecimal(usd)),
        clock.now);
  }

  private List<Integer> thresholds(List<BudgetAlert> alerts, String period) {
    return alerts.stream()
        .filter(a -> a.period().equals(period) && a.tenantId().equals(tenant.toString()))
        .map(BudgetAlert::thresholdPercent)
        .toList();
  }

  @Test
  void givenSpendClimbing_eachThresholdShouldAlertOncePerPeriod() {
    store.set(tenant, new BigDecimal("100"), Optional.of(new BigDecimal("10")), false);

    spend("7.49"); // 74.9% of the day, 7.49% of the month
    assertThat(thresholds(activities.findAlerts(clock.millis()), "day")).isEmpty();

    spend("0.01"); // exactly 75% of the day
    List<BudgetAlert> first = activities.findAlerts(clock.millis());
    assertThat(thresholds(first, "day")).containsExactly(75);
    assertThat(first.get(0).detail())
        .contains("$7.50 of its daily budget of $10.00 (75.0%, threshold 75%)");
    assertThat(thresholds(activities.findAlerts(clock.millis()), "day"))
        .as("still pending, not recorded twice")
        .containsExactly(75);

    for (BudgetAlert a : activities.findAlerts(clock.millis())) {
      activities.sendAlert(a);
    }
    assertThat(activities.findAlerts(clock.millis())).as("sent, and not found again").isEmpty();
    assertThat(
            schema
                .db()
                .fetchCount(
                    AUDIT_LOGS,
                    AUDIT_LOGS
                        .ACTION
                        .eq("budget.threshold_reached")
                        .and(AUDIT_LOGS.TENANT_ID.eq(tenant))))
        .isEqualTo(1);
    assertThat(
            schema
                .db()
                .select(AUDIT_LOGS.DETAILS)
                .from(AUDIT_LOGS)
                .where(AUDIT_LOGS.ACTION.eq("budget.threshold_reached"))
                .and(AUDIT_LOGS.TENANT_ID.eq(tenant))
                .fetchOne()
                .value1()
                .data())
        .contains("\"thresholdPercent\": 75")
        .contains("\"notified\": \"audit log only (Slack is not configured)\"");

    spend("2.50"); // 100% of the day at once: 90 and 100 together
    assertThat(thresholds(activities.findAlerts(clock.millis()), "day"))
        .containsExactlyInAnyOrder(90, 100);

    // The next day the daily budget starts again; the month goes on (10% of it so far).
    clock.now = Instant.parse("2026-03-11T09:00:00Z");
    spend("8.00");
    List<BudgetAlert> nextDay = activities.findAlerts(clock.millis());
    assertThat(nextDay)
        .filteredOn(a -> a.periodStart().equals("2026-03-11"))
        .extracting(BudgetAlert::thresholdPercent)
        .containsExactly(75);
    assertThat(thresholds(nextDay, "month")).isEmpty();
  }

  @Test
  void givenThePlatformsDailyBudget_itShouldAlertOnEveryTenantsSpend() {
    spend("45.00"); // 90% of 50

    List<BudgetAlert> alerts = activities.findAlerts(clock.millis());

    assertThat(alerts)
        .filteredOn(a -> a.scope().equals("platform"))
        .extracting(BudgetAlert::thresholdPercent)
        .containsExactlyInAnyOrder(75, 90);
    assertThat(alerts)
        .filteredOn(a -> a.scope().equals("platform"))
        .allMatch(a -> a.tenantId().isEmpty());
  }

  @Test
  void givenAHardStop_theGuardShouldHoldTheTenantFromItsBudgetUntilItChanges() {
    store.set(tenant, new BigDecimal("20"), Optional.empty(), true);
    spend("19.999999");
    guard.refresh();
    assertThat(guard.refusal(tenant)).isEmpty();

    spend("0.000001"); // exactly the monthly budget
    guard.refresh();
    assertThat(guard.refusal(tenant)).isPresent();

    store.set(tenant, new BigDecimal("40"), Optional.empty(), true); // a budget change
    guard.refresh();
    assertThat(guard.refusal(tenant)).isEmpty();

    store.set(tenant, new BigDecimal("20"), Optional.empty(), false); // no hard stop: alerts only
    guard.refresh();
    assertThat(guard.refusal(tenant)).isEmpty();

    store.set(tenant, new BigDecimal("20"), Optional.empty(), true);
    guard.refresh();
    assertThat(guard.refusal(tenant)).isPresent();
    clock.now = Instant.parse("2026-04-01T00:00:00Z"); // the next month
    guard.refresh();
    assertThat(guard.refusal(tenant)).isEmpty();
  }

  @Test
  void givenADailyHardStop_itShouldHoldTheTenantForTheRestOfTheDayOnly() {
    store.set(tenant, new BigDecimal("1000"), Optional.of(new BigDecimal("5")), true);
    spend("5.00");
    guard.refresh();
    assertThat(guard.refusal(tenant)).isPresent();

    clock.now = Instant.parse("2026-03-11T00:00:00Z");
    guard.refresh();
    assertThat(guard.refusal(tenant)).isEmpty();
  }
}
