package io.iris.workflows.routing;

import io.iris.workflows.routing.EvaluationInput.ChannelWindows;
import io.iris.workflows.routing.EvaluationInput.ProviderWindows;
import io.iris.workflows.routing.EvaluationInput.Rules;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;

/** Evaluation inputs for the health evaluation tests, written out so each shows its figures. */
final class HealthFixtures {

  static final long NOW = 1_700_000_000_000L;
  static final long DAY = 86_400_000L;
  static final long FIVE_MINUTES = 300_000L;

  /** The defaults: automatic, outage over more than 100 attempts below 80%, score below 60. */
  static final Rules RULES = new Rules(true, 100, BigDecimal.valueOf(80), 60, 1);

  private HealthFixtures() {}

  /** SMS figures: every attempt has a known outcome, {@code delivered} of them delivered. */
  static ProviderMetrics sms(
      String provider, long attempts, long delivered, double latencyMs, String uptime) {
    return new ProviderMetrics(
        provider,
        Channel.SMS,
        attempts,
        attempts,
        delivered,
        attempts - delivered,
        latencyMs,
        latencyMs,
        latencyMs,
        latencyMs,
        new BigDecimal("0.008"),
        new BigDecimal(uptime));
  }

  /** Healthy: 995 of 1000 delivered, 80 ms, fully up. */
  static ProviderMetrics healthy(String provider) {
    return sms(provider, 1000, 995, 80, "100");
  }

  /** One provider with the same figures in every window. */
  static ProviderWindows same(ProviderMetrics m, ProviderStatus status) {
    return new ProviderWindows(m, m, m, status, 0);
  }

  /** Healthy ranking and current windows, {@code outage} in the outage window. */
  static ProviderWindows outage(ProviderMetrics outage) {
    ProviderMetrics ok = healthy(outage.provider());
    return new ProviderWindows(ok, ok, outage, ProviderStatus.HEALTHY, 0);
  }

  /** Healthy ranking and outage windows, {@code current} in the current window. */
  static ProviderWindows current(ProviderMetrics current) {
    ProviderMetrics ok = healthy(current.provider());
    return new ProviderWindows(ok, current, ok, ProviderStatus.HEALTHY, 0);
  }

  static EvaluationInput input(Rules rules, ProviderWindows... sms) {
    return new EvaluationInput(
        NOW,
        DAY,
        FIVE_MINUTES,
        RoutingPolicy.DEFAULTS,
        rules,
        List.of(new ChannelWindows(Channel.SMS, List.of(sms))));
  }

  /**
   * Current figures scoring exactly 60: delivery 95% (60 points), latency 5800 ms (12 points),
   * fully up (100), the channel's average cost (80).
   */
  static ProviderMetrics scoringSixty(String provider) {
    return sms(provider, 100, 95, 5800, "100");
  }

  /** The same at 5804 ms (11.96 latency points): 59.99. */
  static ProviderMetrics scoringJustUnderSixty(String provider) {
    return sms(provider, 100, 95, 5804, "100");
  }
}
