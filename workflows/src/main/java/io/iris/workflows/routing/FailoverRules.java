package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The health evaluation's automatic failover rules, pure (no clock, no I/O), so the workflow calls
 * them and a replay decides the same:
 *
 * <ul>
 *   <li><b>Outage</b> (seed 000 lines 1625-1640): over more than {@link
 *       EvaluationInput.Rules#outageMinAttempts} attempts in the outage window, a delivery rate
 *       below {@link EvaluationInput.Rules#outageDeliveryRatePercent}. The rate is over the known
 *       outcomes ({@link ProviderMetrics#deliveryRateAtLeast}, exact); a window without a known
 *       outcome (every receipt still awaited) is no outage.
 *   <li><b>Score</b>: a current overall score below {@link EvaluationInput.Rules#scoreThreshold}.
 *       Only a current window that carried at least {@link EvaluationInput.Rules#scoreMinAttempts}
 *       calls with a known outcome is judged: a provider without data scores low by construction
 *       ({@link HealthScoring}'s no-data rule) and is not failed over for being idle.
 * </ul>
 *
 * <p>They apply only when {@link EvaluationInput.Rules#automatic} is on, only to healthy or
 * recovering providers (one already failed over has its workflow), and never to a channel's last
 * usable provider: providers are taken in the channel's order, and one fails over only while
 * another provider of the channel stays usable.
 */
public final class FailoverRules {

  /**
   * One provider the rules fail over.
   *
   * @param provider the provider
   * @param channel its channel
   * @param trigger {@link FailoverTrigger#OUTAGE} or {@link FailoverTrigger#SCORE}
   * @param reason in plain words, for the audit and the routing state
   */
  public record Hit(String provider, Channel channel, FailoverTrigger trigger, String reason) {
    public Hit {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private FailoverRules() {}

  /**
   * The providers to fail over.
   *
   * @param input the evaluation's windows, states and rule settings
   * @param currentScores per channel, each provider's current-window score (as {@link
   *     HealthScoring#scoreChannel} made them)
   */
  public static List<Hit> evaluate(
      EvaluationInput input, Map<Channel, Map<String, HealthScore>> currentScores) {
    EvaluationInput.Rules rules = input.rules();
    List<Hit> hits = new ArrayList<>();
    if (!rules.automatic()) {
      return hits;
    }
    for (EvaluationInput.ChannelWindows channel : input.channels()) {
      Map<String, HealthScore> scores = currentScores.getOrDefault(channel.channel(), Map.of());
      long usable =
          channel.providers().stream()
              .filter(p -> p.status() != ProviderStatus.FAILED_OVER)
              .count();
      for (EvaluationInput.ProviderWindows p : channel.providers()) {
        if (p.status() == ProviderStatus.FAILED_OVER || usable <= 1) {
          continue;
        }
        Hit hit = judge(p, scores.get(p.provider()), rules);
        if (hit != null) {
          hits.add(hit);
          usable--;
        }
      }
    }
    return hits;
  }

  private static Hit judge(
      EvaluationInput.ProviderWindows p, HealthScore current, EvaluationInput.Rules rules) {
    ProviderMetrics outage = p.outage();
    if (outage.attempts() > rules.outageMinAttempts()
        && outage.hasDeliveryRate()
        && !outage.deliveryRateAtLeast(rules.outageDeliveryRatePercent())) {
      return new Hit(
          p.provider(),
          outage.channel(),
          FailoverTrigger.OUTAGE,
          String.format(
              Locale.ROOT,
              "outage: %s%% delivered over %d attempts, below %s%%",
              percent(outage.delivered(), outage.outcomes()),
              outage.attempts(),
              rules.outageDeliveryRatePercent().stripTrailingZeros().toPlainString()));
    }
    ProviderMetrics now = p.current();
    if (current != null
        && now.attempts() >= rules.scoreMinAttempts()
        && now.hasLatency()
        && now.hasDeliveryRate()
        && current.overall() < rules.scoreThreshold()) {
      return new Hit(
          p.provider(),
          now.channel(),
          FailoverTrigger.SCORE,
          String.format(
              Locale.ROOT,
              "health score %.2f, below %s",
              current.overall(),
              BigDecimal.valueOf(rules.scoreThreshold()).stripTrailingZeros().toPlainString()));
    }
    return null;
  }

  private static String percent(long part, long whole) {
    return BigDecimal.valueOf(part)
        .multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
