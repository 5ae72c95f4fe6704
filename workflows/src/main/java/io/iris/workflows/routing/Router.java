package io.iris.workflows.routing;

import io.iris.workflows.routing.RouteDecision.Rule;
import io.iris.workflows.routing.TenantRequirements.Requirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses a channel's providers from their scores, seed 000 §7.2 and §7.3 (lines 1473-1566). Pure
 * and deterministic, so a workflow may call it.
 *
 * <ol>
 *   <li>Filter: only the candidates meeting every tenant requirement take part (lines 1490-1501).
 *   <li>Rank by ranking score, best first (line 1504). Ties keep the order the candidates were
 *       given in, which is the configured route ({@code iris.send.routes}): the operator's
 *       preference decides between equals, and the same inputs always give the same order.
 *   <li>Primary: the top-ranked provider when its health now reaches the recommend threshold (line
 *       1548, {@link Rule#RECOMMENDED}); otherwise the first backup, in rank order, whose health
 *       now reaches the backup threshold and is better than the top-ranked provider's (line 1556,
 *       {@link Rule#BACKUP}); otherwise the least bad, the candidate with the best health now
 *       ({@link Rule#LEAST_BAD}).
 *   <li>Failover order after the primary: the other candidates by health now, best first (ties in
 *       rank order), so a send that must leave the primary goes to the healthiest next.
 * </ol>
 *
 * <p>Where this departs from the seed, and why:
 *
 * <ul>
 *   <li>A backup must also be healthier now than the top-ranked provider. The seed takes any backup
 *       at 85 or more (line 1556); since backups rank at or below the top-ranked provider, that
 *       would leave a provider at 88 for one at 86. With a single window ({@link
 *       RouteCandidate#of}) this guard makes the rules choose the best score, and the rule names
 *       only say how good it is.
 *   <li>All backups are looked at, not the first three (the seed's {@code slice(1, 4)}, line 1508),
 *       and every qualified candidate stays in the failover order: a send should fail over to every
 *       provider that can carry it before it gives up.
 *   <li>The least bad is the candidate with the best health now, the top-ranked one included; the
 *       seed returns the first backup (line 1564), which may be worse than the primary and does not
 *       exist on a channel with one provider.
 *   <li>When no candidate meets the tenant's requirements the seed has no primary ({@code
 *       qualified[0]} is undefined). Here the rules run over every candidate, the decision is
 *       marked {@link RouteDecision#requirementsWaived()} and its reason says which requirements
 *       nobody met: a message sent by a provider below the tenant's bar is better than a message
 *       lost. While at least one candidate meets them, the others are left out entirely, failover
 *       included.
 * </ul>
 */
public final class Router {

  private final RoutingPolicy policy;

  public Router(RoutingPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Decides the route for one channel.
   *
   * @param candidates the channel's providers in the configured route order (ties keep it)
   * @throws IllegalArgumentException when there is no candidate, or candidates mix channels or name
   *     a provider twice
   */
  public RouteDecision decide(List<RouteCandidate> candidates, TenantRequirements requirements) {
    Objects.requireNonNull(requirements, "requirements");
    requireOneChannel(candidates);

    Map<RouteCandidate, List<Requirement>> missed = new LinkedHashMap<>();
    List<RouteCandidate> qualified = new ArrayList<>();
    for (RouteCandidate candidate : candidates) {
      List<Requirement> misses = requirements.missedBy(candidate.metrics());
      if (misses.isEmpty()) {
        qualified.add(candidate);
      } else {
        missed.put(candidate, misses);
      }
    }
    boolean waived = qualified.isEmpty();
    List<RouteCandidate> pool = waived ? candidates : qualified;

    List<RouteCandidate> ranking = new ArrayList<>(pool);
    // List.sort is stable: equal scores keep the configured order.
    ranking.sort(Comparator.comparingDouble((RouteCandidate c) -> c.score().overall()).reversed());

    RouteCandidate leader = ranking.get(0);
    Rule rule;
    RouteCandidate primary;
    if (leader.current().overall() >= policy.recommendThreshold()) {
      rule = Rule.RECOMMENDED;
      primary = leader;
    } else {
      primary =
          ranking.stream()
              .skip(1)
              .filter(c -> c.current().overall() >= policy.backupThreshold())
              .filter(c -> c.current().overall() > leader.current().overall())
              .findFirst()
              .orElse(null);
      if (primary != null) {
        rule = Rule.BACKUP;
      } else {
        rule = Rule.LEAST_BAD;
        primary = byHealthNow(ranking).get(0);
      }
    }

    List<RouteCandidate> ordered = new ArrayList<>();
    ordered.add(primary);
    for (RouteCandidate next : byHealthNow(ranking)) {
      if (next != primary) {
        ordered.add(next);
      }
    }

    String reason =
        RouteReason.of(
            rule, ordered, leader, policy, requirements, missed, waived ? List.of() : qualified);
    return new RouteDecision(
        ordered.stream().map(RouteCandidate::provider).toList(), rule, waived, reason);
  }

  /** The ranking reordered by health now, best first; ties keep the rank order (stable sort). */
  private static List<RouteCandidate> byHealthNow(List<RouteCandidate> ranking) {
    List<RouteCandidate> sorted = new ArrayList<>(ranking);
    sorted.sort(Comparator.comparingDouble((RouteCandidate c) -> c.current().overall()).reversed());
    return sorted;
  }

  private static void requireOneChannel(List<RouteCandidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one candidate provider");
    }
    var channel = candidates.get(0).metrics().channel();
    Set<String> seen = new HashSet<>();
    for (RouteCandidate candidate : candidates) {
      if (candidate.metrics().channel() != channel) {
        throw new IllegalArgumentException(
            "candidates of one channel expected, got "
                + channel
                + " and "
                + candidate.metrics().channel());
      }
      if (!seen.add(candidate.provider())) {
        throw new IllegalArgumentException("provider " + candidate.provider() + " given twice");
      }
    }
  }
}
