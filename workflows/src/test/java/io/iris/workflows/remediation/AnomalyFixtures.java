package io.iris.workflows.remediation;

import io.iris.workflows.remediation.Observations.Baseline;
import io.iris.workflows.remediation.Observations.ChannelCost;
import io.iris.workflows.remediation.Observations.ProviderWindow;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.iris.workflows.remediation.Observations.Settings;
import io.iris.workflows.remediation.Observations.TenantVolumes;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;

/** Observations for the rule and workflow tests, at the default settings. */
final class AnomalyFixtures {

  static final long NOW = 1_780_000_000_000L;
  static final long FIVE_MINUTES = 300_000L;
  static final long FIFTEEN_MINUTES = 900_000L;

  /** The defaults of iris-platform.yml. */
  static final Settings SETTINGS =
      new Settings(
          FIVE_MINUTES,
          20,
          20,
          new BigDecimal("95"),
          new BigDecimal("98"),
          24,
          new BigDecimal("3"),
          new BigDecimal("1.2"),
          new BigDecimal("0.05"),
          new BigDecimal("2"),
          new BigDecimal("1.0"),
          100,
          new BigDecimal("80"),
          30_000,
          new BigDecimal("10"),
          100);

  private AnomalyFixtures() {}

  /** Figures of one window: delivered and failed outcomes, attempts = their sum, a p95. */
  static ProviderMetrics metrics(String provider, long delivered, long failed, double p95) {
    return metrics(provider, delivered + failed, delivered, failed, p95);
  }

  static ProviderMetrics metrics(
      String provider, long attempts, long delivered, long failed, double p95) {
    return new ProviderMetrics(
        provider,
        Channel.SMS,
        attempts,
        attempts,
        delivered,
        failed,
        p95 / 2,
        p95 / 2,
        p95,
        p95,
        new BigDecimal("0.0079"),
        BigDecimal.valueOf(100));
  }

  static ProviderMetrics none(String provider) {
    return metrics(provider, 0, 0, 0);
  }

  /** A healthy provider: 99.5% over 200 outcomes everywhere, p95 200 ms, no baseline. */
  static ProviderWindow healthy(String provider) {
    ProviderMetrics m = metrics(provider, 199, 1, 200);
    return window(m, m, m, Baseline.NONE);
  }

  static ProviderWindow window(
      ProviderMetrics current, ProviderMetrics outage, ProviderMetrics ranking, Baseline b) {
    return new ProviderWindow(
        current.provider(),
        Channel.SMS,
        current,
        outage,
        ranking,
        b,
        1000,
        ProviderStatus.HEALTHY,
        0,
        "",
        "",
        "");
  }

  static ProviderWindow failedOver(String provider, String trigger, long sinceMillis) {
    ProviderMetrics m = none(provider);
    return new ProviderWindow(
        provider,
        Channel.SMS,
        m,
        m,
        m,
        Baseline.NONE,
        1000,
        ProviderStatus.FAILED_OVER,
        sinceMillis,
        trigger,
        "7c1f8a0e-1d2b-4c3d-9e8f-0a1b2c3d4e5f",
        "breaker: 10 of the last 10 calls failed");
  }

  static Observations of(ProviderWindow... providers) {
    return new Observations(
        NOW,
        true,
        SETTINGS,
        List.of(providers),
        List.of(),
        TenantVolumes.none(FIVE_MINUTES),
        List.of());
  }

  static Observations ofAt(long atMillis, ProviderWindow... providers) {
    return new Observations(
        atMillis,
        true,
        SETTINGS,
        List.of(providers),
        List.of(),
        TenantVolumes.none(FIVE_MINUTES),
        List.of());
  }

  static Observations ofCost(ChannelCost cost) {
    return new Observations(
        NOW, true, SETTINGS, List.of(), List.of(cost), TenantVolumes.none(FIVE_MINUTES), List.of());
  }

  static Observations ofTenants(TenantVolumes tenants) {
    return new Observations(NOW, true, SETTINGS, List.of(), List.of(), tenants, List.of());
  }

  static Observations ofBacklogs(QueueBacklog... backlogs) {
    return new Observations(
        NOW,
        true,
        SETTINGS,
        List.of(),
        List.of(),
        TenantVolumes.none(FIVE_MINUTES),
        List.of(backlogs));
  }
}
