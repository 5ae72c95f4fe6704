package io.iris.workflows.routing;

import io.iris.workflows.routing.RouteDecision.Rule;
import io.iris.workflows.routing.TenantRequirements.Requirement;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The words of a {@link RouteDecision}: why the primary, compared with the runner-up from the
 * figures, and what the tenant's requirements left out. Deterministic (no locale, no clock).
 *
 * <p>The comparison follows seed 000 lines 1514-1528: a part is mentioned when the primary's score
 * for it beats the runner-up's by more than 5 points (delivery, latency) or 10 points (cost), and
 * then in the figures' own units; otherwise "best overall score". The seed prints the delivery
 * <em>score</em> difference followed by "%" (line 1518), which reads as a rate; here it is the two
 * rates.
 */
final class RouteReason {

  private RouteReason() {}

  static String of(
      Rule rule,
      List<RouteCandidate> ordered,
      RouteCandidate leader,
      RoutingPolicy policy,
      TenantRequirements requirements,
      Map<RouteCandidate, List<Requirement>> missed,
      List<RouteCandidate> qualified) {
    boolean waived = qualified.isEmpty();
    String choice = choice(rule, ordered, leader, policy, requirements, missed, waived);
    if (waived) {
      return "no provider meets the tenant's requirements ("
          + leftOut(missed, requirements)
          + "); routing on scores alone: "
          + choice;
    }
    return missed.isEmpty() ? choice : choice + "; left out: " + leftOut(missed, requirements);
  }

  private static String choice(
      Rule rule,
      List<RouteCandidate> ordered,
      RouteCandidate leader,
      RoutingPolicy policy,
      TenantRequirements requirements,
      Map<RouteCandidate, List<Requirement>> missed,
      boolean waived) {
    RouteCandidate primary = ordered.get(0);
    String name = primary.provider();
    String score = num(primary.current().overall());
    if (ordered.size() == 1) {
      String only =
          !waived && !missed.isEmpty()
              ? "only provider meeting the tenant's " + requirementNames(missed, requirements)
              : "only provider";
      String below = rule == Rule.RECOMMENDED ? "" : ", below " + num(policy.recommendThreshold());
      return name + ": " + only + " (score " + score + below + ")";
    }
    RouteCandidate runnerUp = ordered.get(1);
    String versus = score + " vs " + num(runnerUp.current().overall());
    return switch (rule) {
      case RECOMMENDED -> {
        List<String> better = comparisons(primary, runnerUp);
        yield better.isEmpty()
            ? name + ": best overall score (" + versus + " for " + runnerUp.provider() + ")"
            : name
                + ": "
                + String.join(", ", better)
                + " than "
                + runnerUp.provider()
                + " (score "
                + versus
                + ")";
      }
      case BACKUP ->
          name
              + ": "
              + leader.provider()
              + " scores "
              + num(leader.current().overall())
              + ", below "
              + num(policy.recommendThreshold())
              + "; "
              + name
              + " is the first backup scoring "
              + num(policy.backupThreshold())
              + " or more ("
              + score
              + ")";
      case LEAST_BAD ->
          primary.current().overall() < policy.backupThreshold()
              ? name
                  + ": no provider scores "
                  + num(policy.backupThreshold())
                  + " or more; least bad ("
                  + versus
                  + " for "
                  + runnerUp.provider()
                  + ")"
              : name
                  + ": no provider scores "
                  + num(policy.recommendThreshold())
                  + " or more and no backup is healthier; still the best ("
                  + versus
                  + " for "
                  + runnerUp.provider()
                  + ")";
    };
  }

  /** Seed 000 lines 1517-1525, in the seed's order: delivery, latency, cost. */
  static List<String> comparisons(RouteCandidate primary, RouteCandidate runnerUp) {
    List<String> better = new ArrayList<>(3);
    HealthScore p = primary.score();
    HealthScore r = runnerUp.score();
    ProviderMetrics pm = primary.metrics();
    ProviderMetrics rm = runnerUp.metrics();
    if (p.delivery() > r.delivery() + 5 && pm.hasDeliveryRate()) {
      better.add(
          "better delivery rate ("
              + num(pm.deliveryRatePercent())
              + "% vs "
              + (rm.hasDeliveryRate() ? num(rm.deliveryRatePercent()) + "%" : "none yet")
              + ")");
    }
    if (p.latency() > r.latency() + 5 && pm.hasLatency() && rm.hasLatency()) {
      better.add(Math.round(rm.callLatencyMeanMs() - pm.callLatencyMeanMs()) + " ms faster");
    }
    if (p.cost() > r.cost() + 10 && rm.costPerMessageUsd().signum() > 0) {
      BigDecimal saving =
          rm.costPerMessageUsd()
              .subtract(pm.costPerMessageUsd())
              .multiply(BigDecimal.valueOf(100))
              .divide(rm.costPerMessageUsd(), MathContext.DECIMAL64)
              .setScale(0, RoundingMode.HALF_UP);
      better.add(saving.toPlainString() + "% cheaper");
    }
    return better;
  }

  /** The requirements that left someone out, by name with their values, joined by "and". */
  private static String requirementNames(
      Map<RouteCandidate, List<Requirement>> missed, TenantRequirements requirements) {
    Set<Requirement> kinds = EnumSet.noneOf(Requirement.class);
    missed.values().forEach(kinds::addAll);
    return kinds.stream()
        .map(kind -> requirementName(kind, requirements))
        .collect(Collectors.joining(" and "));
  }

  private static String requirementName(Requirement kind, TenantRequirements requirements) {
    return switch (kind) {
      case MIN_DELIVERY_RATE ->
          "minimum delivery rate of " + plain(requirements.minDeliveryRatePercent().get()) + "%";
      case MAX_LATENCY -> "maximum latency of " + requirements.maxLatencyMs().getAsLong() + " ms";
      case MAX_COST ->
          "maximum cost of $" + plain(requirements.maxCostPerMessageUsd().get()) + " per message";
    };
  }

  /** "plivo (delivery rate 97.5% below 98%), sinch (no latency yet)". */
  private static String leftOut(
      Map<RouteCandidate, List<Requirement>> missed, TenantRequirements requirements) {
    return missed.entrySet().stream()
        .map(
            e ->
                e.getKey().provider()
                    + " ("
                    + e.getValue().stream()
                        .map(kind -> miss(kind, e.getKey().metrics(), requirements))
                        .collect(Collectors.joining(", "))
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private static String miss(
      Requirement kind, ProviderMetrics metrics, TenantRequirements requirements) {
    return switch (kind) {
      case MIN_DELIVERY_RATE ->
          metrics.hasDeliveryRate()
              ? "delivery rate "
                  + num(metrics.deliveryRatePercent())
                  + "% below "
                  + plain(requirements.minDeliveryRatePercent().get())
                  + "%"
              : "no delivery rate yet";
      case MAX_LATENCY ->
          metrics.hasLatency()
              ? "latency "
                  + num(metrics.callLatencyMeanMs())
                  + " ms above "
                  + requirements.maxLatencyMs().getAsLong()
                  + " ms"
              : "no latency yet";
      case MAX_COST ->
          "cost $"
              + plain(metrics.costPerMessageUsd())
              + " above $"
              + plain(requirements.maxCostPerMessageUsd().get());
    };
  }

  /** At most two decimals, no trailing zeros: 98, 97.25, 94.5. */
  static String num(double value) {
    return plain(BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP));
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
