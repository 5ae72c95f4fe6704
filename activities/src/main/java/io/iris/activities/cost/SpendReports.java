package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.COST_HOURLY;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The read side of spend: sums of the hourly roll-ups ({@link SpendRollups}), never of the
 * messages. Ranges are whole UTC hours; every figure is exact to the micro-dollar, as the messages'
 * costs are.
 */
@Component
public class SpendReports {

  /** Where a period's spend went compared with the period of the same length just before it. */
  public record Trend(String direction, BigDecimal previousUsd, Double changePercent) {}

  /**
   * A period's spend.
   *
   * @param byProvider "none" for the messages that ended before reaching a provider
   * @param byCampaign the messages with a {@code metadata.campaignId} only
   */
  public record Summary(
      Instant from,
      Instant to,
      BigDecimal totalUsd,
      long messages,
      Map<String, BigDecimal> byChannel,
      Map<String, BigDecimal> byProvider,
      Map<String, BigDecimal> byTenant,
      Map<String, BigDecimal> byCampaign,
      BigDecimal todayUsd,
      BigDecimal forecastTodayUsd,
      BigDecimal monthToDateUsd,
      Trend trend) {}

  /** The name {@code byProvider} gives the messages that never reached a provider. */
  public static final String NO_PROVIDER = "none";

  private final DSLContext db;
  private final CostSettings settings;
  private final Clock clock;

  public SpendReports(DSLContext db, CostSettings settings, Clock clock) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
  }

  /** The hour an instant falls in (a range's start widens down to it). */
  public static Instant hourOf(Instant at) {
    return at.truncatedTo(ChronoUnit.HOURS);
  }

  /** The first whole hour at or after an instant (a range's end widens up to it). */
  public static Instant hourAtOrAfter(Instant at) {
    Instant h = hourOf(at);
    return h.equals(at) ? h : h.plus(1, ChronoUnit.HOURS);
  }

  /**
   * The spend of [from, to) (whole hours: {@code from} rounds down, {@code to} up), of one tenant
   * or of all; with today's, the month's and today's forecast for the same tenants.
   */
  public Summary summary(Instant from, Instant to, Optional<UUID> tenant) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
    Instant start = hourOf(from);
    Instant end = hourAtOrAfter(to);
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("from must be before to");
    }
    Condition who = tenant.map(COST_HOURLY.TENANT_ID::eq).orElse(DSL.trueCondition());

    Field<BigDecimal> cost = DSL.coalesce(DSL.sum(COST_HOURLY.COST_USD), BigDecimal.ZERO);
    Field<BigDecimal> count = DSL.coalesce(DSL.sum(COST_HOURLY.MESSAGES), BigDecimal.ZERO);
    Field<Integer> byChannel = DSL.grouping(COST_HOURLY.CHANNEL);
    Field<Integer> byProvider = DSL.grouping(COST_HOURLY.PROVIDER);
    Field<Integer> byTenant = DSL.grouping(COST_HOURLY.TENANT_ID);
    Field<Integer> byCampaign = DSL.grouping(COST_HOURLY.CAMPAIGN_ID);
    var rows =
        db.select(
                COST_HOURLY.CHANNEL,
                COST_HOURLY.PROVIDER,
                COST_HOURLY.TENANT_ID,
                COST_HOURLY.CAMPAIGN_ID,
                byChannel,
                byProvider,
                byTenant,
                byCampaign,
                cost,
                count)
            .from(COST_HOURLY)
            .where(who)
            .and(COST_HOURLY.HOUR.ge(at(start)))
            .and(COST_HOURLY.HOUR.lt(at(end)))
            .groupBy(
                DSL.groupingSets(
                    new Field<?>[] {COST_HOURLY.CHANNEL},
                    new Field<?>[] {COST_HOURLY.PROVIDER},
                    new Field<?>[] {COST_HOURLY.TENANT_ID},
                    new Field<?>[] {COST_HOURLY.CAMPAIGN_ID},
                    new Field<?>[] {}))
            .fetch();
    BigDecimal sum = BigDecimal.ZERO;
    long messages = 0;
    Map<String, BigDecimal> channels = new TreeMap<>();
    Map<String, BigDecimal> providers = new TreeMap<>();
    Map<String, BigDecimal> tenants = new TreeMap<>();
    Map<String, BigDecimal> campaigns = new TreeMap<>();
    for (Record r : rows) {
      BigDecimal c = r.get(cost);
      boolean total =
          r.get(byChannel) + r.get(byProvider) + r.get(byTenant) + r.get(byCampaign) == 4;
      if (!total && r.get(count).signum() == 0) {
        continue; // an end that moved elsewhere leaves its old key with nothing
      }
      if (r.get(byChannel) == 0) {
        channels.put(r.get(COST_HOURLY.CHANNEL), c);
      } else if (r.get(byProvider) == 0) {
        String p = r.get(COST_HOURLY.PROVIDER);
        providers.put(p.isEmpty() ? NO_PROVIDER : p, c);
      } else if (r.get(byTenant) == 0) {
        tenants.put(r.get(COST_HOURLY.TENANT_ID).toString(), c);
      } else if (r.get(byCampaign) == 0) {
        if (!r.get(COST_HOURLY.CAMPAIGN_ID).isEmpty()) {
          campaigns.put(r.get(COST_HOURLY.CAMPAIGN_ID), c);
        }
      } else {
        sum = c;
        messages = r.get(count).longValue();
      }
    }

    Instant now = clock.instant();
    Instant today =
        LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant month =
        LocalDate.ofInstant(now, ZoneOffset.UTC)
            .withDayOfMonth(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    Instant tomorrow = today.plus(1, ChronoUnit.DAYS);
    BigDecimal todayUsd = sum(who, today, tomorrow);
    BigDecimal monthUsd = sum(who, month, tomorrow);
    Duration window = settings.forecastWindow();
    Instant thisHour = hourOf(now);
    BigDecimal perHour =
        sum(who, thisHour.minus(window), thisHour)
            .divide(BigDecimal.valueOf(window.toHours()), 6, RoundingMode.HALF_UP);
    BigDecimal hoursLeft =
        BigDecimal.valueOf(Duration.between(now, tomorrow).toMillis())
            .divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_UP);
    BigDecimal forecast =
        todayUsd.add(perHour.multiply(hoursLeft)).setScale(6, RoundingMode.HALF_UP);

    Duration length = Duration.between(start, end);
    BigDecimal previous = sum(who, start.minus(length), start);
    return new Summary(
        start,
        end,
        sum,
        messages,
        channels,
        providers,
        tenants,
        campaigns,
        todayUsd,
        forecast,
        monthUsd,
        trend(sum, previous));
  }

  Trend trend(BigDecimal total, BigDecimal previous) {
    if (previous.signum() == 0) {
      return new Trend(total.signum() == 0 ? "flat" : "up", previous, null);
    }
    double change =
        total
            .subtract(previous)
            .multiply(BigDecimal.valueOf(100))
            .divide(previous, MathContext.DECIMAL64)
            .doubleValue();
    String direction =
        Math.abs(change) <= settings.trendFlatPercent() ? "flat" : change > 0 ? "up" : "down";
    return new Trend(direction, previous, Math.round(change * 100) / 100.0);
  }

  private BigDecimal sum(Condition who, Instant from, Instant to) {
    return db.select(DSL.coalesce(DSL.sum(COST_HOURLY.COST_USD), BigDecimal.ZERO))
        .from(COST_HOURLY)
        .where(who)
        .and(COST_HOURLY.HOUR.ge(at(from)))
        .and(COST_HOURLY.HOUR.lt(at(to)))
        .fetchOne(0, BigDecimal.class);
  }

  private static OffsetDateTime at(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
