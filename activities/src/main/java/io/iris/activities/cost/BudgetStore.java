package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.BUDGETS;
import static io.iris.schema.jooq.Tables.BUDGET_ALERTS;
import static io.iris.schema.jooq.Tables.COST_HOURLY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.workflows.cost.BudgetAlert;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Tenants' budgets, the spend they are measured against, and the alerts each period gave. */
@Repository
public class BudgetStore {

  /** A tenant's budget. */
  public record Budget(
      UUID tenantId,
      BigDecimal monthlyUsd,
      Optional<BigDecimal> dailyUsd,
      boolean hardStop,
      Instant updatedAt) {}

  private final DSLContext db;
  private final Clock clock;
  private final ObjectMapper json;

  public BudgetStore(DSLContext db, Clock clock, ObjectMapper json) {
    this.db = db;
    this.clock = clock;
    this.json = json;
  }

  /** Sets (or replaces) the tenant's budget. */
  public Budget set(UUID tenant, BigDecimal monthly, Optional<BigDecimal> daily, boolean hardStop) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.insertInto(BUDGETS)
        .set(BUDGETS.TENANT_ID, tenant)
        .set(BUDGETS.MONTHLY_USD, monthly)
        .set(BUDGETS.DAILY_USD, daily.orElse(null))
        .set(BUDGETS.HARD_STOP, hardStop)
        .set(BUDGETS.UPDATED_AT, now)
        .onConflict(BUDGETS.TENANT_ID)
        .doUpdate()
        .set(BUDGETS.MONTHLY_USD, monthly)
        .set(BUDGETS.DAILY_USD, daily.orElse(null))
        .set(BUDGETS.HARD_STOP, hardStop)
        .set(BUDGETS.UPDATED_AT, now)
        .execute();
    return find(tenant).orElseThrow();
  }

  public Optional<Budget> find(UUID tenant) {
    return db.selectFrom(BUDGETS)
        .where(BUDGETS.TENANT_ID.eq(tenant))
        .fetchOptional()
        .map(
            r ->
                new Budget(
                    r.getTenantId(),
                    r.getMonthlyUsd(),
                    Optional.ofNullable(r.getDailyUsd()),
                    r.getHardStop(),
                    r.getUpdatedAt().toInstant()));
  }

  public List<Budget> all() {
    return db.selectFrom(BUDGETS)
        .fetch(
            r ->
                new Budget(
                    r.getTenantId(),
                    r.getMonthlyUsd(),
                    Optional.ofNullable(r.getDailyUsd()),
                    r.getHardStop(),
                    r.getUpdatedAt().toInstant()));
  }

  /** The UTC day of an instant. */
  public static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** Spend from the start of the day (or month) of {@code at} to the next, of a tenant or all. */
  public BigDecimal spent(Optional<UUID> tenant, LocalDate periodStart, LocalDate periodEnd) {
    Condition who = tenant.map(COST_HOURLY.TENANT_ID::eq).orElse(DSL.trueCondition());
    return db.select(DSL.coalesce(DSL.sum(COST_HOURLY.COST_USD), BigDecimal.ZERO))
        .from(COST_HOURLY)
        .where(who)
        .and(COST_HOURLY.HOUR.ge(periodStart.atStartOfDay().atOffset(ZoneOffset.UTC)))
        .and(COST_HOURLY.HOUR.lt(periodEnd.atStartOfDay().atOffset(ZoneOffset.UTC)))
        .fetchOne(0, BigDecimal.class);
  }

  /**
   * The tenants whose hard-stop budget is used up now: this month's spend at or over the monthly
   * budget, or today's at or over the daily one. One query over the roll-ups.
   */
  public List<UUID> overHardStop(Instant now) {
    LocalDate today = day(now);
    OffsetDateTime dayStart = today.atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime monthStart = today.withDayOfMonth(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    var month =
        DSL.coalesce(
            DSL.sum(COST_HOURLY.COST_USD).filterWhere(COST_HOURLY.HOUR.ge(monthStart)),
            BigDecimal.ZERO);
    var dayly =
        DSL.coalesce(
            DSL.sum(COST_HOURLY.COST_USD).filterWhere(COST_HOURLY.HOUR.ge(dayStart)),
            BigDecimal.ZERO);
    return db.select(BUDGETS.TENANT_ID)
        .from(BUDGETS)
        .join(COST_HOURLY)
        .on(COST_HOURLY.TENANT_ID.eq(BUDGETS.TENANT_ID))
        .and(COST_HOURLY.HOUR.ge(monthStart))
        .where(BUDGETS.HARD_STOP.isTrue())
        .groupBy(BUDGETS.TENANT_ID, BUDGETS.MONTHLY_USD, BUDGETS.DAILY_USD)
        .having(
            month
                .ge(BUDGETS.MONTHLY_USD)
                .or(BUDGETS.DAILY_USD.isNotNull().and(dayly.ge(BUDGETS.DAILY_USD))))
        .fetch(BUDGETS.TENANT_ID);
  }

  /** Records the alert unless its period already had it; whether it is new. */
  public boolean recordAlert(BudgetAlert a) {
    return db.insertInto(BUDGET_ALERTS)
            .set(BUDGET_ALERTS.SCOPE, a.scope())
            .set(BUDGET_ALERTS.PERIOD, a.period())
            .set(BUDGET_ALERTS.PERIOD_START, LocalDate.parse(a.periodStart()))
            .set(BUDGET_ALERTS.THRESHOLD, a.thresholdPercent())
            .set(
                BUDGET_ALERTS.TENANT_ID,
                a.tenantId().isEmpty() ? null : UUID.fromString(a.tenantId()))
            .set(BUDGET_ALERTS.SPENT_USD, new BigDecimal(a.spentUsd()))
            .set(BUDGET_ALERTS.BUDGET_USD, new BigDecimal(a.budgetUsd()))
            .set(BUDGET_ALERTS.DETAIL, a.detail())
            .set(
                BUDGET_ALERTS.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
            .onConflictDoNothing()
            .execute()
        > 0;
  }

  /** Alerts recorded but not yet sent (a send that failed is tried again by the next check). */
  public List<BudgetAlert> pending() {
    return db.selectFrom(BUDGET_ALERTS)
        .where(BUDGET_ALERTS.STATUS.eq("pending"))
        .orderBy(BUDGET_ALERTS.CREATED_AT)
        .limit(500)
        .fetch(
            r ->
                new BudgetAlert(
                    r.getScope(),
                    r.getPeriod(),
                    r.getPeriodStart().toString(),
                    r.getThreshold(),
                    r.getTenantId() == null ? "" : r.getTenantId().toString(),
                    r.getSpentUsd().toPlainString(),
                    r.getBudgetUsd().toPlainString(),
                    r.getDetail()));
  }

  /**
   * Marks an alert sent and writes its audit row (once: the row's event key is the alert's key);
   * whether it was still pending.
   */
  public boolean markSent(BudgetAlert a, String how) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          boolean was =
              t.update(BUDGET_ALERTS)
                      .set(BUDGET_ALERTS.STATUS, "sent")
                      .set(BUDGET_ALERTS.SENT_AT, now)
                      .where(BUDGET_ALERTS.SCOPE.eq(a.scope()))
                      .and(BUDGET_ALERTS.PERIOD.eq(a.period()))
                      .and(BUDGET_ALERTS.PERIOD_START.eq(LocalDate.parse(a.periodStart())))
                      .and(BUDGET_ALERTS.THRESHOLD.eq(a.thresholdPercent()))
                      .and(BUDGET_ALERTS.STATUS.eq("pending"))
                      .execute()
                  > 0;
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("period", a.period());
          detail.put("periodStart", a.periodStart());
          detail.put("thresholdPercent", a.thresholdPercent());
          detail.put("spentUsd", new BigDecimal(a.spentUsd()));
          detail.put("budgetUsd", new BigDecimal(a.budgetUsd()));
          detail.put("notified", how);
          String details;
          try {
            details = json.writeValueAsString(detail);
          } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                "the audit details of " + key(a) + " cannot be written", e);
          }
          t.insertInto(AUDIT_LOGS)
              .set(AUDIT_LOGS.OCCURRED_AT, now)
              .set(AUDIT_LOGS.ACTOR_SCOPE, "system")
              .set(
                  AUDIT_LOGS.TENANT_ID,
                  a.tenantId().isEmpty() ? null : UUID.fromString(a.tenantId()))
              .set(AUDIT_LOGS.ACTION, "budget.threshold_reached")
              .set(AUDIT_LOGS.TARGET_TYPE, a.tenantId().isEmpty() ? "platform" : "tenant")
              .set(AUDIT_LOGS.TARGET_ID, a.tenantId().isEmpty() ? "platform" : a.tenantId())
              .set(AUDIT_LOGS.DETAILS, JSONB.valueOf(details))
              .set(AUDIT_LOGS.EVENT_KEY, key(a))
              .onConflict(AUDIT_LOGS.EVENT_KEY)
              .where(AUDIT_LOGS.EVENT_KEY.isNotNull())
              .doNothing()
              .execute();
          return was;
        });
  }

  /** The alert's one key: {@code budget:{scope}:{period}:{start}:{threshold}}. */
  static String key(BudgetAlert a) {
    return "budget:"
        + a.scope()
        + ":"
        + a.period()
        + ":"
        + a.periodStart()
        + ":"
        + a.thresholdPercent();
  }
}
