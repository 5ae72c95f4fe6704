package io.iris.activities.capacity;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.CAPACITY_ALERTS;
import static io.iris.schema.jooq.Tables.CAPACITY_FORECASTS;
import static io.iris.schema.jooq.Tables.COST_HOURLY;
import static io.iris.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.iris.activities.cost.CostSettings;
import io.iris.activities.cost.SpendRollups;
import io.iris.activities.platform.OpsSlack;
import io.iris.activities.support.IsolatedSchema;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.workflows.capacity.CapacityAlert;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forecast's history from the real roll-ups, its storage, and its alerts once a day. */
class CapacityStoreTest {

  static IsolatedSchema schema;
  static final Instant NOW = Instant.parse("2026-03-10T06:00:00Z");

  CapacityStore store;
  UUID a;
  UUID b;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("capacity_store_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void parts() {
    schema.db().deleteFrom(COST_HOURLY).execute();
    schema.db().deleteFrom(CAPACITY_ALERTS).execute();
    schema.db().deleteFrom(CAPACITY_FORECASTS).execute();
    a = tenant();
    b = tenant();
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    store = new CapacityStore(schema.db(), json, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private UUID tenant() {
    UUID id = UUID.randomUUID();
    schema
        .db()
        .insertInto(TENANTS)
        .set(TENANTS.ID, id)
        .set(TENANTS.NAME, "cap-" + id)
        .set(TENANTS.CREATED_AT, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC))
        .set(TENANTS.UPDATED_AT, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC))
        .execute();
    return id;
  }

  private void sent(UUID tenant, String at, String cost) {
    SpendRollups.moveEnd(
        schema.db(),
        tenant,
        "sms",
        "",
        Optional.empty(),
        new SpendRollups.End(Instant.parse(at), "twilio", new BigDecimal(cost)),
        NOW);
  }

  @Test
  void givenDaysWithAGap_theHistoryShouldStartAtTheFirstDayAndCountEachDay() {
    sent(a, "2026-03-06T10:00:00Z", "0.01");
    sent(a, "2026-03-06T23:59:00Z", "0.01");
    sent(b, "2026-03-06T12:00:00Z", "0.02");
    sent(a, "2026-03-08T01:00:00Z", "0.05");
    sent(a, "2026-03-10T01:00:00Z", "9.99"); // today: not a complete day

    List<CapacityForecaster.Day> days =
        store.history(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-10"));

    assertThat(days)
        .extracting(CapacityForecaster.Day::date)
        .containsExactly(
            LocalDate.parse("2026-03-06"),
            LocalDate.parse("2026-03-07"),
            LocalDate.parse("2026-03-08"),
            LocalDate.parse("2026-03-09"));
    assertThat(days).extracting(CapacityForecaster.Day::messages).containsExactly(3L, 0L, 1L, 0L);
    assertThat(days.get(0).costUsd()).isEqualByComparingTo("0.04");
    assertThat(days)
        .extracting(CapacityForecaster.Day::activeTenants)
        .containsExactly(2L, 0L, 1L, 0L);
  }

  @Test
  void givenAConstraintNear_itShouldAlertOnceADayAndAuditOnceSent() {
    // 20 days growing fast toward a small capacity: critical.
    for (int d = 20; d >= 1; d--) {
      for (int i = 0; i < 21 - d; i++) {
        sent(a, NOW.minus(Duration.ofDays(d)).toString(), "0.01");
      }
    }
    CapacityActivitiesImpl activities =
        new CapacityActivitiesImpl(
            store,
            new CapacitySettings(Duration.ofDays(1), 30, 90, 30, 80, 90, 30, 7, 1.96),
            CostSettings.defaults(),
            new OpsSlack(
                new SlackIncidentSettings("", "", Duration.ofMinutes(5)),
                new SlackConnection("", ""),
                null));

    List<CapacityAlert> first = activities.forecastCapacity(NOW.toEpochMilli());
    assertThat(first)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.constraint()).isEqualTo("messages_per_day");
              assertThat(x.severity()).isEqualTo("critical");
              assertThat(x.date()).isEqualTo("2026-03-10");
            });
    assertThat(activities.forecastCapacity(NOW.plusSeconds(60).toEpochMilli()))
        .as("the same day: the same pending alert, not a second")
        .hasSize(1);
    activities.sendCapacityAlert(first.get(0));
    activities.sendCapacityAlert(first.get(0));
    assertThat(store.pending()).isEmpty();
    assertThat(schema.db().fetchCount(AUDIT_LOGS, AUDIT_LOGS.ACTION.eq("capacity.constraint_near")))
        .isEqualTo(1);
    assertThat(store.latestJson())
        .hasValueSatisfying(j -> assertThat(j).contains("\"horizonDays\": 30"));
  }
}
