package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.COST_HOURLY;
import static io.iris.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.send.MessageStore;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageFinal;
import io.iris.workflows.send.MessageStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spend against the real PostgreSQL: messages end through the message store, the roll-ups follow,
 * and every sum is checked against values computed by hand from the messages below.
 */
class SpendReportsTest {

  static IsolatedSchema schema;

  /** 2026-03-10, 14:30 UTC: today has 14.5 hours behind it and 9.5 ahead. */
  static final Instant NOW = Instant.parse("2026-03-10T14:30:00Z");

  UUID acme;
  UUID globex;
  MessageStore messages;
  SpendReports reports;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("spend_reports_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void parts() {
    schema.db().deleteFrom(COST_HOURLY).execute();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    acme = tenant("acme");
    globex = tenant("globex");
    messages = new MessageStore(schema.db(), clock, new ObjectMapper());
    reports =
        new SpendReports(
            schema.db(),
            new CostSettings(
                Duration.ofHours(2),
                5,
                BigDecimal.ZERO,
                List.of(75, 90, 100),
                Duration.ofMinutes(1),
                Duration.ofSeconds(5)),
            clock);
  }

  private UUID tenant(String name) {
    UUID id = UUID.randomUUID();
    schema
        .db()
        .insertInto(TENANTS)
        .set(TENANTS.ID, id)
        .set(TENANTS.NAME, name + "-" + id)
        .set(TENANTS.CREATED_AT, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC))
        .set(TENANTS.UPDATED_AT, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC))
        .execute();
    return id;
  }

  private UUID message(UUID tenant, String channel, Map<String, String> metadata, Instant at) {
    UUID id = UUID.randomUUID();
    messages.insertOrGet(
        new MessageStore.NewMessage(
            id,
            tenant,
            channel,
            "+15557654321",
            "",
            "",
            "normal",
            Optional.empty(),
            metadata,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            at.minusSeconds(5)));
    return id;
  }

  private MessageFinal end(
      UUID id, UUID tenant, Channel channel, String provider, String cost, Instant at) {
    return new MessageFinal(
        id.toString(),
        tenant.toString(),
        channel,
        MessageStatus.DELIVERED,
        provider,
        "P-" + id,
        new BigDecimal(cost),
        1,
        "",
        "",
        at.minusSeconds(5).toEpochMilli(),
        at.toEpochMilli());
  }

  /** Sends one message of acme's or globex's that ends at {@code at} with that cost. */
  private MessageFinal sent(
      UUID tenant, Channel channel, String provider, String cost, String campaign, Instant at) {
    UUID id =
        message(
            tenant,
            channel.wireName(),
            campaign == null ? Map.of() : Map.of("campaignId", campaign),
            at);
    MessageFinal f = end(id, tenant, channel, provider, cost, at);
    messages.recordFinal(f);
    return f;
  }

  private static BigDecimal usd(String v) {
    return new BigDecimal(v);
  }

  @Test
  void givenKnownMessages_theSummaryShouldSumTheirCostsExactlyByEveryKey() {
    Instant h12 = Instant.parse("2026-03-10T12:10:00Z");
    Instant h13 = Instant.parse("2026-03-10T13:59:59Z");
    Instant h14 = Instant.parse("2026-03-10T14:05:00Z");
    sent(acme, Channel.SMS, "twilio", "0.007900", "spring", h12);
    sent(acme, Channel.SMS, "twilio", "0.007900", "spring", h13);
    sent(acme, Channel.SMS, "telnyx", "0.004000", null, h14);
    sent(acme, Channel.EMAIL, "sendgrid", "0.000950", "spring", h13);
    sent(globex, Channel.SMS, "telnyx", "0.004000", "launch", h14);
    sent(globex, Channel.EMAIL, "postmark", "0.001250", null, h12);
    // Yesterday and the day before: in the month, not in today.
    sent(globex, Channel.SMS, "twilio", "1.000000", null, Instant.parse("2026-03-09T23:30:00Z"));
    sent(acme, Channel.SMS, "twilio", "0.500000", null, Instant.parse("2026-03-08T10:00:00Z"));
    // Last month: in neither.
    sent(acme, Channel.SMS, "twilio", "9.000000", null, Instant.parse("2026-02-28T10:00:00Z"));

    SpendReports.Summary s =
        reports.summary(
            Instant.parse("2026-03-10T00:00:00Z"),
            Instant.parse("2026-03-11T00:00:00Z"),
            Optional.empty());

    // 0.0079 + 0.0079 + 0.004 + 0.00095 + 0.004 + 0.00125
    assertThat(s.totalUsd()).isEqualByComparingTo("0.026000");
    assertThat(s.messages()).isEqualTo(6);
    assertThat(s.byChannel())
        .containsOnlyKeys("sms", "email")
        .hasEntrySatisfying("sms", v -> assertThat(v).isEqualByComparingTo("0.023800"))
        .hasEntrySatisfying("email", v -> assertThat(v).isEqualByComparingTo("0.002200"));
    assertThat(s.byProvider())
        .containsOnlyKeys("twilio", "telnyx", "sendgrid", "postmark")
        .hasEntrySatisfying("twilio", v -> assertThat(v).isEqualByComparingTo("0.015800"))
        .hasEntrySatisfying("telnyx", v -> assertThat(v).isEqualByComparingTo("0.008000"))
        .hasEntrySatisfying("sendgrid", v -> assertThat(v).isEqualByComparingTo("0.000950"))
        .hasEntrySatisfying("postmark", v -> assertThat(v).isEqualByComparingTo("0.001250"));
    assertThat(s.byTenant())
        .containsOnlyKeys(acme.toString(), globex.toString())
        .hasEntrySatisfying(acme.toString(), v -> assertThat(v).isEqualByComparingTo("0.020750"))
        .hasEntrySatisfying(globex.toString(), v -> assertThat(v).isEqualByComparingTo("0.005250"));
    assertThat(s.byCampaign())
        .containsOnlyKeys("spring", "launch")
        .hasEntrySatisfying("spring", v -> assertThat(v).isEqualByComparingTo("0.016750"))
        .hasEntrySatisfying("launch", v -> assertThat(v).isEqualByComparingTo("0.004000"));
    assertThat(s.todayUsd()).isEqualByComparingTo("0.026000");
    // + 1.0 (the 9th) + 0.5 (the 8th); February's 9.0 is not in March.
    assertThat(s.monthToDateUsd()).isEqualByComparingTo("1.526000");
    // The last 2 whole hours (12:00–14:00): 0.0079 + 0.0079 + 0.00095 + 0.00125 = 0.018 → 0.009/h,
    // for the 9.5 hours left: 0.026 + 0.0855.
    assertThat(s.forecastTodayUsd()).isEqualByComparingTo("0.111500");
    // The day before: 1.0 → down 97.4%.
    assertThat(s.trend().direction()).isEqualTo("down");
    assertThat(s.trend().previousUsd()).isEqualByComparingTo("1.000000");
    assertThat(s.trend().changePercent()).isEqualTo(-97.4);

    SpendReports.Summary one =
        reports.summary(
            Instant.parse("2026-03-10T00:00:00Z"),
            Instant.parse("2026-03-11T00:00:00Z"),
            Optional.of(globex));
    assertThat(one.totalUsd()).isEqualByComparingTo("0.005250");
    assertThat(one.byTenant()).containsOnlyKeys(globex.toString());
    assertThat(one.monthToDateUsd()).isEqualByComparingTo("1.005250");
  }

  @Test
  void givenARangeOffTheHour_itShouldWidenToWholeHoursAndSayWhich() {
    sent(acme, Channel.SMS, "twilio", "0.010000", null, Instant.parse("2026-03-10T12:10:00Z"));
    sent(acme, Channel.SMS, "twilio", "0.020000", null, Instant.parse("2026-03-10T13:50:00Z"));

    SpendReports.Summary s =
        reports.summary(
            Instant.parse("2026-03-10T12:45:00Z"),
            Instant.parse("2026-03-10T13:15:00Z"),
            Optional.of(acme));

    assertThat(s.from()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
    assertThat(s.to()).isEqualTo(Instant.parse("2026-03-10T14:00:00Z"));
    assertThat(s.totalUsd()).isEqualByComparingTo("0.030000");
    assertThatThrownBy(() -> reports.summary(NOW, NOW, Optional.empty()))
        .hasMessage("from must be before to");
  }

  @Test
  void givenAnEndWrittenAgainOrChanged_theRollupsShouldCountItOnceAtItsLatestCost() {
    Instant at = Instant.parse("2026-03-10T13:20:00Z");
    MessageFinal f = sent(acme, Channel.SMS, "twilio", "0.007900", "spring", at);

    messages.recordFinal(f); // a retried write: the same end
    assertThat(total(acme)).isEqualByComparingTo("0.007900");
    assertThat(count(acme)).isEqualTo(1);

    // A later end of the same message (another provider, another cost, another hour).
    Instant later = Instant.parse("2026-03-10T14:10:00Z");
    messages.recordFinal(
        new MessageFinal(
            f.messageId(),
            f.tenantId(),
            f.channel(),
            MessageStatus.DELIVERED,
            "telnyx",
            "T-1",
            usd("0.004000"),
            2,
            "",
            "",
            f.acceptedAtMillis(),
            later.toEpochMilli()));

    assertThat(total(acme)).isEqualByComparingTo("0.004000");
    assertThat(count(acme)).isEqualTo(1);
    SpendReports.Summary s =
        reports.summary(Instant.parse("2026-03-10T00:00:00Z"), NOW, Optional.of(acme));
    assertThat(s.byProvider()).containsOnlyKeys("telnyx");
    assertThat(s.byCampaign())
        .hasEntrySatisfying("spring", v -> assertThat(v).isEqualByComparingTo("0.004000"));
  }

  @Test
  void givenAMessageThatEndedUnsent_itShouldCountWithNoProviderAndNoCost() {
    UUID id = message(acme, "sms", Map.of(), NOW.minusSeconds(60));

    assertThat(
            messages.endUnstarted(
                schema.db(),
                id,
                MessageStatus.FAILED,
                "CANCELLED",
                "cancelled",
                NOW.minusSeconds(30)))
        .isTrue();
    assertThat(
            messages.endUnstarted(
                schema.db(),
                id,
                MessageStatus.FAILED,
                "CANCELLED",
                "cancelled",
                NOW.minusSeconds(30)))
        .isFalse();

    SpendReports.Summary s =
        reports.summary(Instant.parse("2026-03-10T00:00:00Z"), NOW, Optional.of(acme));
    assertThat(s.messages()).isEqualTo(1);
    assertThat(s.totalUsd()).isEqualByComparingTo("0");
    assertThat(s.byProvider()).containsOnlyKeys(SpendReports.NO_PROVIDER);
  }

  @Test
  void givenChangesAroundTheFlatBand_theTrendShouldSayUpDownOrFlat() {
    assertThat(reports.trend(usd("105"), usd("100")).direction()).isEqualTo("flat");
    assertThat(reports.trend(usd("105.01"), usd("100")).direction()).isEqualTo("up");
    assertThat(reports.trend(usd("94.99"), usd("100")).direction()).isEqualTo("down");
    assertThat(reports.trend(usd("1"), usd("0")).direction()).isEqualTo("up");
    assertThat(reports.trend(usd("1"), usd("0")).changePercent()).isNull();
    assertThat(reports.trend(usd("0"), usd("0")).direction()).isEqualTo("flat");
  }

  private BigDecimal total(UUID tenant) {
    return schema
        .db()
        .select(org.jooq.impl.DSL.sum(COST_HOURLY.COST_USD))
        .from(COST_HOURLY)
        .where(COST_HOURLY.TENANT_ID.eq(tenant))
        .fetchOne(0, BigDecimal.class);
  }

  private long count(UUID tenant) {
    return schema
        .db()
        .select(org.jooq.impl.DSL.sum(COST_HOURLY.MESSAGES))
        .from(COST_HOURLY)
        .where(COST_HOURLY.TENANT_ID.eq(tenant))
        .fetchOne(0, Long.class);
  }
}
