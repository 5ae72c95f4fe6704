package io.iris.activities.capacity;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.CAPACITY_ALERTS;
import static io.iris.schema.jooq.Tables.CAPACITY_FORECASTS;
import static io.iris.schema.jooq.Tables.COST_HOURLY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.workflows.capacity.CapacityAlert;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The daily history the forecast learns from, the forecasts made, and their alerts. */
@Repository
public class CapacityStore {

  private final DSLContext db;
  private final ObjectMapper json;
  private final Clock clock;

  public CapacityStore(DSLContext db, ObjectMapper json, Clock clock) {
    this.db = db;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Each complete day in [{@code from}, {@code to}) from the first with any message, gaps as zero
   * days: messages, cost and the tenants that sent.
   */
  public List<CapacityForecaster.Day> history(LocalDate from, LocalDate to) {
    var day =
        DSL.field(
            "date_trunc('day', {0} AT TIME ZONE 'UTC')::date", LocalDate.class, COST_HOURLY.HOUR);
    var messages = DSL.coalesce(DSL.sum(COST_HOURLY.MESSAGES), BigDecimal.ZERO);
    var cost = DSL.coalesce(DSL.sum(COST_HOURLY.COST_USD), BigDecimal.ZERO);
    var tenants = DSL.countDistinct(COST_HOURLY.TENANT_ID).filterWhere(COST_HOURLY.MESSAGES.gt(0L));
    Map<LocalDate, CapacityForecaster.Day> byDay = new HashMap<>();
    db.select(day, messages, cost, tenants)
        .from(COST_HOURLY)
        .where(COST_HOURLY.HOUR.ge(from.atStartOfDay().atOffset(ZoneOffset.UTC)))
        .and(COST_HOURLY.HOUR.lt(to.atStartOfDay().atOffset(ZoneOffset.UTC)))
        .groupBy(day)
        .fetch()
        .forEach(
            r ->
                byDay.put(
                    r.value1(),
                    new CapacityForecaster.Day(
                        r.value1(), r.value2().longValue(), r.value3(), r.value4())));
    Optional<LocalDate> first =
        byDay.entrySet().stream()
            .filter(e -> e.getValue().messages() > 0)
            .map(Map.Entry::getKey)
            .min(LocalDate::compareTo);
    List<CapacityForecaster.Day> out = new ArrayList<>();
    if (first.isEmpty()) {
      return out;
    }
    for (LocalDate d = first.get(); d.isBefore(to); d = d.plusDays(1)) {
      out.add(byDay.getOrDefault(d, new CapacityForecaster.Day(d, 0, BigDecimal.ZERO, 0)));
    }
    return out;
  }

  public void save(CapacityForecaster.Report report) {
    db.insertInto(CAPACITY_FORECASTS)
        .set(
            CAPACITY_FORECASTS.GENERATED_AT,
            OffsetDateTime.ofInstant(report.generatedAt(), ZoneOffset.UTC))
        .set(CAPACITY_FORECASTS.HORIZON_DAYS, report.horizonDays())
        .set(CAPACITY_FORECASTS.BODY, JSONB.valueOf(write(report)))
        .onConflictDoNothing()
        .execute();
  }

  /** The latest forecast, as stored. */
  public Optional<String> latestJson() {
    return db.select(CAPACITY_FORECASTS.BODY)
        .from(CAPACITY_FORECASTS)
        .orderBy(CAPACITY_FORECASTS.GENERATED_AT.desc())
        .limit(1)
        .fetchOptional(CAPACITY_FORECASTS.BODY)
        .map(JSONB::data);
  }

  /** Records the alert unless the constraint had one today; whether it is new. */
  public boolean recordAlert(CapacityAlert a) {
    return db.insertInto(CAPACITY_ALERTS)
            .set(CAPACITY_ALERTS.CONSTRAINT_NAME, a.constraint())
            .set(CAPACITY_ALERTS.ALERT_DATE, LocalDate.parse(a.date()))
            .set(CAPACITY_ALERTS.SEVERITY, a.severity())
            .set(CAPACITY_ALERTS.DETAIL, a.detail())
            .set(
                CAPACITY_ALERTS.CREATED_AT,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
            .onConflictDoNothing()
            .execute()
        > 0;
  }

  public List<CapacityAlert> pending() {
    return db.selectFrom(CAPACITY_ALERTS)
        .where(CAPACITY_ALERTS.STATUS.eq("pending"))
        .orderBy(CAPACITY_ALERTS.CREATED_AT)
        .limit(100)
        .fetch(
            r ->
                new CapacityAlert(
                    r.getConstraintName(),
                    r.getAlertDate().toString(),
                    r.getSeverity(),
                    r.getDetail()));
  }

  /** Marks the alert sent and writes its audit row once. */
  public void markSent(CapacityAlert a, String how) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("constraint", a.constraint());
    details.put("date", a.date());
    details.put("severity", a.severity());
    details.put("detail", a.detail());
    details.put("notified", how);
    db.transaction(
        tx -> {
          DSLContext t = tx.dsl();
          t.update(CAPACITY_ALERTS)
              .set(CAPACITY_ALERTS.STATUS, "sent")
              .set(CAPACITY_ALERTS.SENT_AT, now)
              .where(CAPACITY_ALERTS.CONSTRAINT_NAME.eq(a.constraint()))
              .and(CAPACITY_ALERTS.ALERT_DATE.eq(LocalDate.parse(a.date())))
              .execute();
          t.insertInto(AUDIT_LOGS)
              .set(AUDIT_LOGS.OCCURRED_AT, now)
              .set(AUDIT_LOGS.ACTOR_SCOPE, "system")
              .set(AUDIT_LOGS.ACTION, "capacity.constraint_near")
              .set(AUDIT_LOGS.TARGET_TYPE, "platform")
              .set(AUDIT_LOGS.TARGET_ID, a.constraint())
              .set(AUDIT_LOGS.DETAILS, JSONB.valueOf(write(details)))
              .set(AUDIT_LOGS.EVENT_KEY, "capacity:" + a.constraint() + ":" + a.date())
              .onConflict(AUDIT_LOGS.EVENT_KEY)
              .where(AUDIT_LOGS.EVENT_KEY.isNotNull())
              .doNothing()
              .execute();
        });
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
