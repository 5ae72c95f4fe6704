package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.AnomalyObserver;
import io.iris.activities.remediation.AnomalySettings;
import io.iris.activities.remediation.HourlyBaselines;
import io.iris.activities.remediation.TaskQueueBacklog;
import io.iris.activities.routing.ChannelProviders;
import io.iris.activities.routing.FailoverSettings;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.HealthStorage;
import io.iris.activities.routing.ProviderRoutingStore;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.remediation.AnomalyRules;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.Finding;
import io.iris.workflows.remediation.Observations;
import io.iris.workflows.remediation.Observations.ProviderWindow;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What one detection observes, read from the real PostgreSQL by the application's beans (three days
 * ahead, where no other test writes): the current window, the 7-day hourly baseline, the tenants'
 * volumes, and — on the in-process server — unknown backlogs; then the rules judge it.
 */
class AnomalyObserverTest extends ApiTestBase {

  static final String SOURCE = "anomaly-observer-test";

  @Autowired DSLContext db;
  @Autowired HealthStorage storage;
  @Autowired ProviderRoutingStore routing;
  @Autowired ChannelProviders providers;
  @Autowired TaskQueueBacklog backlog;
  @Autowired AnomalySettings settings;
  @Autowired HealthSettings health;
  @Autowired FailoverSettings failover;

  final Instant now =
      Instant.now().truncatedTo(ChronoUnit.HOURS).plus(3, ChronoUnit.DAYS).plusSeconds(30 * 60);
  final List<UUID> tenants = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    db.execute("DELETE FROM system_health_metrics WHERE source = ?", SOURCE);
    for (UUID t : tenants) {
      db.execute("DELETE FROM messages WHERE tenant_id = ?", t);
    }
  }

  private void metrics(Instant minute, long delivered, long failed, String cost) {
    db.execute(
        "INSERT INTO system_health_metrics (bucket_start, provider, channel, source, attempts,"
            + " accepted, delivered, failed, call_latency_buckets, receipt_latency_buckets,"
            + " cost_usd, updated_at) VALUES (?::timestamptz, 'twilio', 'sms', ?, ?, ?, ?, ?,"
            + " '{}', '{}', ?, now())",
        minute.atOffset(ZoneOffset.UTC),
        SOURCE,
        delivered + failed,
        delivered + failed,
        delivered,
        failed,
        new BigDecimal(cost));
  }

  private void messages(UUID tenant, int n, Instant at) {
    for (int i = 0; i < n; i++) {
      db.execute(
          "INSERT INTO messages (id, tenant_id, channel, recipient, status, cost_usd, created_at,"
              + " updated_at) VALUES (?, ?, 'sms', '+15550001111', 'delivered', 0.01,"
              + " ?::timestamptz, ?::timestamptz)",
          UUID.randomUUID(),
          tenant,
          at.atOffset(ZoneOffset.UTC),
          at.atOffset(ZoneOffset.UTC));
    }
  }

  @Test
  void givenADropUnderAGoodBaseline_whenObservedAndJudged_itShouldFindADeliveryRateDrop() {
    DescriptiveStatistics expected = new DescriptiveStatistics();
    for (int h = 30; h >= 1; h--) {
      long failed = h % 3 == 0 ? 3 : 1;
      metrics(
          now.truncatedTo(ChronoUnit.HOURS).minus(h, ChronoUnit.HOURS),
          100 - failed,
          failed,
          "0.10");
      expected.addValue(100 - failed);
    }
    metrics(now.truncatedTo(ChronoUnit.MINUTES).minusSeconds(120), 90, 10, "0.79");
    for (int i = 0; i < 3; i++) {
      tenants.add(UUID.fromString(createTenant(uniqueName("observer")).get("id").asText()));
    }
    messages(tenants.get(0), 5, now.minusSeconds(60));
    messages(tenants.get(1), 1, now.minusSeconds(60));
    messages(tenants.get(2), 1, now.minusSeconds(60));
    AnomalyObserver observer =
        new AnomalyObserver(
            db,
            storage,
            new HourlyBaselines(db, settings, health),
            routing,
            providers,
            backlog,
            settings,
            health,
            failover);
    AnomalySettings on = settings;
    assertThat(on.enabled()).as("the test profile turns detection off").isFalse();

    Observations o = observer.observe(now);

    assertThat(o.enabled()).isFalse();
    assertThat(o.providers()).as("off: nothing read").isEmpty();
    // The same, with detection on (the rules read the same settings otherwise).
    // Its baseline 31 hours long, so only this test's hours (three days ahead) lie in it.
    AnomalySettings shortBaseline =
        AnomalyScheduleIT.settings(
            true, settings.detectionInterval(), java.time.Duration.ofHours(31));
    AnomalyObserver enabled =
        new AnomalyObserver(
            db,
            storage,
            new HourlyBaselines(db, shortBaseline, health),
            routing,
            providers,
            backlog,
            shortBaseline,
            health,
            failover);
    o = enabled.observe(now);

    ProviderWindow twilio =
        o.providers().stream()
            .filter(p -> p.provider().equals("twilio") && p.channel() == Channel.SMS)
            .findFirst()
            .orElseThrow();
    assertThat(twilio.current().delivered()).isEqualTo(90);
    assertThat(twilio.current().failed()).isEqualTo(10);
    assertThat(twilio.baseline().hours()).isEqualTo(30);
    assertThat(twilio.baseline().meanRatePercent()).isEqualTo(expected.getMean());
    assertThat(twilio.baseline().stddevRatePercent()).isEqualTo(expected.getStandardDeviation());
    assertThat(o.tenants().totalMessages()).isEqualTo(7);
    assertThat(o.tenants().activeTenants()).isEqualTo(3);
    assertThat(o.tenants().top().get(0).tenantId()).isEqualTo(tenants.get(0).toString());
    assertThat(o.tenants().top().get(0).messages()).isEqualTo(5);
    Observations.ChannelCost sms =
        o.costs().stream().filter(c -> c.channel() == Channel.SMS).findFirst().orElseThrow();
    assertThat(sms.baselineHours()).isEqualTo(30);
    assertThat(sms.forecastUsdPerHour()).isEqualByComparingTo("0.1");
    assertThat(sms.windowCostUsd()).isEqualByComparingTo("0.79");
    assertThat(o.backlogs())
        .as("the in-process test server reports no task-queue statistics")
        .isNotEmpty()
        .allMatch(b -> !b.known());

    List<Finding> findings = AnomalyRules.evaluate(o);

    assertThat(findings)
        .extracting(Finding::type, Finding::dedupKey)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                AnomalyType.DELIVERY_RATE_DROP, "delivery_rate_drop:sms:twilio"),
            org.assertj.core.groups.Tuple.tuple(
                AnomalyType.DELIVERY_RATE_ANOMALY, "delivery_rate_anomaly:sms:twilio"),
            org.assertj.core.groups.Tuple.tuple(AnomalyType.COST_SPIKE, "cost_spike:sms"));
  }
}
