package io.iris.workflows.remediation;

import static io.iris.workflows.remediation.AnomalyFixtures.FIFTEEN_MINUTES;
import static io.iris.workflows.remediation.AnomalyFixtures.FIVE_MINUTES;
import static io.iris.workflows.remediation.AnomalyFixtures.NOW;
import static io.iris.workflows.remediation.AnomalyFixtures.SETTINGS;
import static io.iris.workflows.remediation.AnomalyFixtures.failedOver;
import static io.iris.workflows.remediation.AnomalyFixtures.healthy;
import static io.iris.workflows.remediation.AnomalyFixtures.metrics;
import static io.iris.workflows.remediation.AnomalyFixtures.of;
import static io.iris.workflows.remediation.AnomalyFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.Observations.Baseline;
import io.iris.workflows.remediation.Observations.ChannelCost;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.iris.workflows.remediation.Observations.TenantVolume;
import io.iris.workflows.remediation.Observations.TenantVolumes;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule at its boundaries (plan §6), and one piece of evidence short of each. */
class AnomalyRulesTest {

  private static final ProviderMetrics EXPECTED_995 = metrics("twilio", 9950, 50, 200);

  private static List<Finding> ofType(Observations o, AnomalyType type) {
    return AnomalyRules.evaluate(o).stream().filter(f -> f.type() == type).toList();
  }

  private static Observations current(ProviderMetrics now, ProviderMetrics ranking, Baseline b) {
    return of(window(now, metrics("twilio", 0, 0, 0), ranking, b));
  }

  // delivery_rate_drop

  @Test
  void givenARateOf9499OfTenThousand_whenJudged_itShouldBeADeliveryRateDrop() {
    List<Finding> f =
        ofType(
            current(metrics("twilio", 9499, 501, 200), EXPECTED_995, Baseline.NONE),
            AnomalyType.DELIVERY_RATE_DROP);

    assertThat(f).hasSize(1);
    Finding drop = f.get(0);
    assertThat(drop.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(drop.dedupKey()).isEqualTo("delivery_rate_drop:sms:twilio");
    assertThat(drop.expected()).isEqualTo(99.5);
    assertThat(drop.actual()).isEqualTo(94.99);
    assertThat(drop.unit()).isEqualTo("percent");
    assertThat(drop.detail()).contains("94.99%").contains("99.5%").contains("last 24 hours");
  }

  @Test
  void givenARateOfExactly95_whenJudged_itShouldNotBeADrop() {
    assertThat(
            ofType(
                current(metrics("twilio", 9500, 500, 200), EXPECTED_995, Baseline.NONE),
                AnomalyType.DELIVERY_RATE_DROP))
        .isEmpty();
  }

  @Test
  void givenAnExpectedRateOfExactly98_whenTheRateDrops_itShouldNotBeADrop() {
    assertThat(
            ofType(
                current(
                    metrics("twilio", 9000, 1000, 200),
                    metrics("twilio", 9800, 200, 200),
                    Baseline.NONE),
                AnomalyType.DELIVERY_RATE_DROP))
        .isEmpty();
    assertThat(
            ofType(
                current(
                    metrics("twilio", 9000, 1000, 200),
                    metrics("twilio", 9801, 199, 200),
                    Baseline.NONE),
                AnomalyType.DELIVERY_RATE_DROP))
        .as("98.01%% expected")
        .hasSize(1);
  }

  @Test
  void givenAFullBaseline_whenTheRateDrops_itShouldExpectThe7DayMeanNotThe24HourRate() {
    ProviderMetrics bad24h = metrics("twilio", 9000, 1000, 200);
    List<Finding> f =
        ofType(
            current(metrics("twilio", 90, 10, 200), bad24h, new Baseline(24, 99.25, 0.2)),
            AnomalyType.DELIVERY_RATE_DROP);
    assertThat(f).extracting(Finding::expected).containsExactly(99.25);

    assertThat(
            ofType(
                current(metrics("twilio", 90, 10, 200), bad24h, new Baseline(23, 99.25, 0.2)),
                AnomalyType.DELIVERY_RATE_DROP))
        .as("23 hours: the 24-hour rate of 90%% is expected, not over 98%%")
        .isEmpty();
  }

  @Test
  void givenOneOutcomeShortOfTheEvidence_whenTheRateDrops_itShouldNotBeJudged() {
    assertThat(
            ofType(
                current(metrics("twilio", 10, 9, 200), EXPECTED_995, Baseline.NONE),
                AnomalyType.DELIVERY_RATE_DROP))
        .as("19 outcomes")
        .isEmpty();
    assertThat(
            ofType(
                current(metrics("twilio", 10, 10, 200), EXPECTED_995, Baseline.NONE),
                AnomalyType.DELIVERY_RATE_DROP))
        .as("20 outcomes")
        .hasSize(1);
    assertThat(
            ofType(
                current(
                    metrics("twilio", 10, 10, 200), metrics("twilio", 19, 0, 200), Baseline.NONE),
                AnomalyType.DELIVERY_RATE_DROP))
        .as("an expectation from 19 outcomes")
        .isEmpty();
  }

  // latency_spike

  @Test
  void givenAP95OfExactlyThreeTimesTheThreshold_whenJudged_itShouldNotBeASpikeButJustAboveShould() {
    assertThat(
            ofType(
                current(metrics("twilio", 100, 0, 3000.0), EXPECTED_995, Baseline.NONE),
                AnomalyType.LATENCY_SPIKE))
        .isEmpty();
    List<Finding> f =
        ofType(
            current(metrics("twilio", 100, 0, 3000.1), EXPECTED_995, Baseline.NONE),
            AnomalyType.LATENCY_SPIKE);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).severity()).isEqualTo(Severity.HIGH);
    assertThat(f.get(0).expected()).isEqualTo(1000.0);
    assertThat(f.get(0).actual()).isEqualTo(3000.1);
    assertThat(f.get(0).deviationPercent()).isEqualTo(200.01);
    assertThat(f.get(0).unit()).isEqualTo("ms");
  }

  @Test
  void givenOneCallShortOfTheEvidence_whenSlow_itShouldNotBeASpike() {
    assertThat(
            ofType(
                current(metrics("twilio", 19, 0, 9000), EXPECTED_995, Baseline.NONE),
                AnomalyType.LATENCY_SPIKE))
        .isEmpty();
    assertThat(
            ofType(
                current(metrics("twilio", 20, 0, 9000), EXPECTED_995, Baseline.NONE),
                AnomalyType.LATENCY_SPIKE))
        .hasSize(1);
  }

  // cost_spike

  private static ChannelCost cost(String windowUsd, String forecast, int hours) {
    return new ChannelCost(
        Channel.SMS, new BigDecimal(windowUsd), FIFTEEN_MINUTES, new BigDecimal(forecast), hours);
  }

  @Test
  void givenACostOfExactly12TimesTheForecast_whenJudged_itShouldNotBeASpikeButJustAboveShould() {
    assertThat(ofType(AnomalyFixtures.ofCost(cost("0.30", "1.00", 168)), AnomalyType.COST_SPIKE))
        .as("$0.30 in 15 minutes = $1.20 an hour")
        .isEmpty();
    List<Finding> f =
        ofType(AnomalyFixtures.ofCost(cost("0.300001", "1.00", 168)), AnomalyType.COST_SPIKE);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.get(0).dedupKey()).isEqualTo("cost_spike:sms");
    assertThat(f.get(0).expected()).isEqualTo(1.0);
    assertThat(f.get(0).actual()).isEqualTo(1.200004);
    assertThat(f.get(0).unit()).isEqualTo("usd_per_hour");
  }

  @Test
  void givenAForecastUnderTheMinimum_whenTheCostJumps_itShouldNeverBeASpike() {
    assertThat(ofType(AnomalyFixtures.ofCost(cost("100", "0.049", 168)), AnomalyType.COST_SPIKE))
        .isEmpty();
    assertThat(ofType(AnomalyFixtures.ofCost(cost("100", "0.05", 168)), AnomalyType.COST_SPIKE))
        .hasSize(1);
  }

  @Test
  void givenOneBaselineHourShortOfTheEvidence_whenTheCostJumps_itShouldNotBeASpike() {
    assertThat(ofType(AnomalyFixtures.ofCost(cost("100", "1", 23)), AnomalyType.COST_SPIKE))
        .isEmpty();
    assertThat(ofType(AnomalyFixtures.ofCost(cost("100", "1", 24)), AnomalyType.COST_SPIKE))
        .hasSize(1);
  }

  // delivery_rate_anomaly

  @Test
  void givenARateOnTheTwoSigmaLine_whenJudged_itShouldNotBeAnAnomalyButJustBelowShould() {
    Baseline mean99sigma1 = new Baseline(168, 99.0, 1.0);
    assertThat(
            ofType(
                current(metrics("twilio", 9700, 300, 200), EXPECTED_995, mean99sigma1),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .as("97%% = 99 − 2 × 1")
        .isEmpty();
    List<Finding> f =
        ofType(
            current(metrics("twilio", 9699, 301, 200), EXPECTED_995, mean99sigma1),
            AnomalyType.DELIVERY_RATE_ANOMALY);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).severity()).isEqualTo(Severity.HIGH);
    assertThat(f.get(0).expected()).isEqualTo(99.0);
    assertThat(f.get(0).actual()).isEqualTo(96.99);
    assertThat(f.get(0).evidence()).containsEntry("linePercent", "97");
  }

  @Test
  void givenASigmaOfZero_whenJudged_itShouldUseTheFloorOfOnePoint() {
    Baseline flat = new Baseline(168, 100.0, 0.0);
    assertThat(
            ofType(
                current(metrics("twilio", 999, 1, 200), EXPECTED_995, flat),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .as("99.9%% against a flat 100%%")
        .isEmpty();
    assertThat(
            ofType(
                current(metrics("twilio", 9900, 100, 200), EXPECTED_995, flat),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .as("99%%: on the floor's line")
        .isEmpty();
    assertThat(
            ofType(
                current(metrics("twilio", 9899, 101, 200), EXPECTED_995, flat),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .hasSize(1);
  }

  @Test
  void givenOneHourOrOutcomeShortOfTheEvidence_whenUnderTheLine_itShouldNotBeAnAnomaly() {
    assertThat(
            ofType(
                current(metrics("twilio", 90, 10, 200), EXPECTED_995, new Baseline(23, 99, 1)),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .isEmpty();
    assertThat(
            ofType(
                current(metrics("twilio", 10, 9, 200), EXPECTED_995, new Baseline(24, 99, 1)),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .isEmpty();
    assertThat(
            ofType(
                current(metrics("twilio", 10, 10, 200), EXPECTED_995, new Baseline(24, 99, 1)),
                AnomalyType.DELIVERY_RATE_ANOMALY))
        .hasSize(1);
  }

  // provider_outage

  private static Observations outage(long attempts, long delivered, long failed) {
    ProviderMetrics w = metrics("twilio", attempts, delivered, failed, 200);
    return of(window(metrics("twilio", 0, 0, 0), w, EXPECTED_995, Baseline.NONE));
  }

  @Test
  void givenA7999RateOver100Attempts_whenJudged_itShouldNotBeAnOutageButOver101ItShould() {
    assertThat(ofType(outage(100, 7999, 2001), AnomalyType.PROVIDER_OUTAGE)).isEmpty();
    List<Finding> f = ofType(outage(101, 7999, 2001), AnomalyType.PROVIDER_OUTAGE);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.get(0).dedupKey()).isEqualTo("provider_outage:sms:twilio");
    assertThat(f.get(0).expected()).isEqualTo(80.0);
    assertThat(f.get(0).actual()).isEqualTo(79.99);
    assertThat(ofType(outage(101, 8000, 2000), AnomalyType.PROVIDER_OUTAGE))
        .as("exactly 80%%")
        .isEmpty();
  }

  @Test
  void givenABreakerFailoverInsideTheCurrentWindow_whenJudged_itShouldBeAnOutage() {
    List<Finding> f =
        ofType(
            of(failedOver("twilio", "breaker", NOW - FIVE_MINUTES)), AnomalyType.PROVIDER_OUTAGE);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).detail())
        .contains("failed over by the breaker")
        .contains("7c1f8a0e-1d2b-4c3d-9e8f-0a1b2c3d4e5f")
        .contains("10 of the last 10 calls failed");
    assertThat(f.get(0).evidence()).containsEntry("failoverTrigger", "breaker");
    assertThat(ofType(of(failedOver("twilio", "outage", NOW)), AnomalyType.PROVIDER_OUTAGE))
        .hasSize(1);
    assertThat(ofType(of(failedOver("twilio", "score", NOW - 1)), AnomalyType.PROVIDER_OUTAGE))
        .hasSize(1);
  }

  @Test
  void givenABreakerFailoverJustOutsideTheCurrentWindow_whenJudged_itShouldNotBeAnOutage() {
    assertThat(
            ofType(
                of(failedOver("twilio", "breaker", NOW - FIVE_MINUTES - 1)),
                AnomalyType.PROVIDER_OUTAGE))
        .isEmpty();
  }

  @Test
  void givenARemediationOrManualFailover_whenJudged_itShouldNeverBeAnOutage() {
    assertThat(AnomalyRules.evaluate(of(failedOver("twilio", "remediation", NOW - 1)))).isEmpty();
    assertThat(AnomalyRules.evaluate(of(failedOver("twilio", "manual", NOW - 1)))).isEmpty();
  }

  // task_queue_backlog

  @Test
  void givenABacklogOfExactly30s_whenJudged_itShouldNotFireBut30001msShould() {
    assertThat(
            AnomalyRules.evaluate(
                AnomalyFixtures.ofBacklogs(
                    new QueueBacklog("iris-send", "activity", true, 30_000, 12))))
        .isEmpty();
    List<Finding> f =
        AnomalyRules.evaluate(
            AnomalyFixtures.ofBacklogs(
                new QueueBacklog("iris-send", "activity", true, 30_001, 12)));
    assertThat(f).hasSize(1);
    assertThat(f.get(0).type()).isEqualTo(AnomalyType.TASK_QUEUE_BACKLOG);
    assertThat(f.get(0).dedupKey()).isEqualTo("task_queue_backlog:iris-send:activity");
    assertThat(f.get(0).taskQueue()).isEqualTo("iris-send");
    assertThat(f.get(0).expected()).isEqualTo(30_000.0);
    assertThat(f.get(0).actual()).isEqualTo(30_001.0);
    assertThat(f.get(0).evidence()).containsEntry("backlogCount", "12");
  }

  @Test
  void givenAnUnknownBacklog_whenJudged_itShouldStaySilent() {
    QueueBacklog unknown = new QueueBacklog("iris-send", "workflow", false, 999_999, 999);
    assertThat(AnomalyRules.evaluate(AnomalyFixtures.ofBacklogs(unknown))).isEmpty();
  }

  // noisy_neighbor_volume

  private static TenantVolumes tenants(long noisy, long othersTotal, int others) {
    List<TenantVolume> top = new ArrayList<>();
    top.add(new TenantVolume("tenant-noisy", noisy, BigDecimal.ONE));
    top.add(new TenantVolume("tenant-quiet", othersTotal / others, BigDecimal.ZERO));
    return new TenantVolumes(noisy + othersTotal, others + 1, FIVE_MINUTES, top);
  }

  @Test
  void givenExactlyTenTimesTheOthersMean_whenJudged_itShouldNotBeNoisyButOneMoreShould() {
    assertThat(AnomalyRules.evaluate(AnomalyFixtures.ofTenants(tenants(100, 100, 10))))
        .as("100 against a mean of 10")
        .isEmpty();
    List<Finding> f = AnomalyRules.evaluate(AnomalyFixtures.ofTenants(tenants(101, 100, 10)));
    assertThat(f).hasSize(1);
    assertThat(f.get(0).type()).isEqualTo(AnomalyType.NOISY_NEIGHBOR_VOLUME);
    assertThat(f.get(0).dedupKey()).isEqualTo("noisy_neighbor_volume:tenant-noisy");
    assertThat(f.get(0).tenantId()).isEqualTo("tenant-noisy");
    assertThat(f.get(0).expected()).isEqualTo(10.0);
    assertThat(f.get(0).actual()).isEqualTo(101.0);
    assertThat(f.get(0).unit()).isEqualTo("messages");
  }

  @Test
  void givenTheMeanOfTheOthersOnly_whenFewTenants_itShouldStillFindTheNoisyOne() {
    // Including itself, 2 tenants could never reach 10× their mean; leaving it out they can.
    assertThat(AnomalyRules.evaluate(AnomalyFixtures.ofTenants(tenants(500, 10, 1)))).hasSize(1);
  }

  @Test
  void given99Messages_whenFarAboveTheOthers_itShouldNeverBeNoisy() {
    assertThat(AnomalyRules.evaluate(AnomalyFixtures.ofTenants(tenants(99, 9, 9)))).isEmpty();
    assertThat(AnomalyRules.evaluate(AnomalyFixtures.ofTenants(tenants(100, 9, 9)))).hasSize(1);
  }

  @Test
  void givenASingleActiveTenant_whenJudged_itShouldHaveNoNeighbourToBeNoisyTo() {
    TenantVolumes alone =
        new TenantVolumes(
            5000, 1, FIVE_MINUTES, List.of(new TenantVolume("only", 5000, BigDecimal.ONE)));
    assertThat(AnomalyRules.evaluate(AnomalyFixtures.ofTenants(alone))).isEmpty();
  }

  // the run as a whole

  @Test
  void givenHealthyProviders_whenJudged_itShouldFindNothing() {
    assertThat(AnomalyRules.evaluate(of(healthy("twilio"), healthy("telnyx")))).isEmpty();
  }

  @Test
  void givenDetectionSwitchedOff_whenEverythingIsWrong_itShouldFindNothing() {
    Observations o = of(failedOver("twilio", "breaker", NOW));
    Observations off =
        new Observations(
            o.atMillis(), false, SETTINGS, o.providers(), o.costs(), o.tenants(), o.backlogs());
    assertThat(AnomalyRules.evaluate(o)).isNotEmpty();
    assertThat(AnomalyRules.evaluate(off)).isEmpty();
  }
}
