package io.iris.activities.routing;

import io.iris.activities.routing.RoutingSnapshot.ProviderView;
import io.iris.activities.send.SendSettings;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.routing.RouteCandidate;
import io.iris.workflows.routing.RouteDecision;
import io.iris.workflows.routing.Router;
import io.iris.workflows.routing.RoutingWeights;
import io.iris.workflows.routing.RoutingWeights.WeightedRoute;
import io.iris.workflows.routing.TenantRequirements;
import io.iris.workflows.send.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A channel's providers for a send, in order, with the reason: the route-planning step behind
 * {@code prepareSend} (plan §4). It reads only the {@link RoutingSnapshot}, never the database, and
 * never throws for a bad snapshot: the worst case is the configured order.
 *
 * <ol>
 *   <li>Candidates: {@code iris.send.routes} for the channel (its order breaks ties), keeping the
 *       enabled adapters of that channel.
 *   <li>With {@code IRIS_ROUTING_BY_SCORE} off, or before the first health evaluation, the
 *       configured order. Otherwise the {@link Router} orders the providers that are not failed
 *       over by their ranking and current scores, with the tenant's requirements; failed-over ones
 *       follow as a last resort (a tenant's requirements never leave only a failed-over provider).
 *   <li>{@link RoutingWeights} then applies the fail-back weights in the message's bucket: failed
 *       over goes last, a recovering provider keeps its place only for the buckets within its
 *       share. Without a message (the API's view) the order is that of a message outside every
 *       partial share, which is where most traffic goes.
 * </ol>
 */
@Component
public class RoutePlanner {

  private static final Logger log = LoggerFactory.getLogger(RoutePlanner.class);

  /** The reason of a route in the configured order because no provider has a score yet. */
  public static final String NO_SCORES_YET = "configured order (no health scores yet)";

  /**
   * The reason when providers are scored but none has carried a call in its windows yet (the first
   * evaluations after a start): their equal no-data scores say nothing, so the order is kept.
   */
  public static final String NO_FIGURES_YET = "configured order (no provider has figures yet)";

  /** The reason of a route in the configured order because score routing is off. */
  public static final String BY_SCORE_OFF = "configured order (routing by score is off)";

  /**
   * A planned route.
   *
   * @param providers the providers to try, in order (first = primary); empty when the channel has
   *     no enabled provider
   * @param weights each provider's routing weight now, 0 to 100, in the order of {@code providers}
   * @param reason why, in plain words, for the message's timeline
   */
  public record PlannedRoute(List<String> providers, Map<String, Integer> weights, String reason) {
    public PlannedRoute {
      providers = List.copyOf(providers);
      weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final SendSettings send;
  private final RoutingSettings routing;
  private final ProviderRegistry registry;
  private final RoutingSnapshot snapshot;

  public RoutePlanner(
      SendSettings send,
      RoutingSettings routing,
      ProviderRegistry registry,
      RoutingSnapshot snapshot) {
    this.send = send;
    this.routing = routing;
    this.registry = registry;
    this.snapshot = snapshot;
  }

  /**
   * The channel's candidates: the configured route, keeping the enabled adapters of this channel,
   * each once, in the configured order.
   */
  public List<String> candidates(Channel channel) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String name : send.route(channel.wireName())) {
      if (registry.isEnabled(name)
          && registry.find(name).map(a -> a.channel() == channel).orElse(false)) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /**
   * Plans a route.
   *
   * @param requirements the sending tenant's requirements ({@link TenantRequirements#NONE} for
   *     none); they filter the candidates when routing by score
   * @param messageId the message routed; its bucket decides the fail-back shares. Empty for the
   *     route most new sends take now (the API's view)
   */
  public PlannedRoute plan(
      Channel channel, TenantRequirements requirements, Optional<UUID> messageId) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(requirements, "requirements");
    Objects.requireNonNull(messageId, "messageId");
    List<String> candidates = candidates(channel);
    if (candidates.isEmpty()) {
      return new PlannedRoute(
          List.of(), Map.of(), "no provider is enabled for channel " + channel.wireName());
    }
    Map<String, ProviderView> views = new LinkedHashMap<>();
    for (String name : candidates) {
      views.put(name, snapshot.provider(name, channel));
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    views.forEach((name, view) -> weights.put(name, view.weight()));

    Ordered ordered;
    try {
      ordered = order(candidates, views, requirements);
    } catch (RuntimeException e) {
      log.warn(
          "routing: the {} route falls back to the configured order: {}", channel, e.toString());
      ordered =
          new Ordered(candidates, "configured order (routing failed: " + e.getMessage() + ")");
    }

    int bucket = messageId.map(RoutingWeights::bucket).orElse(RoutingWeights.BUCKETS - 1);
    WeightedRoute weighted = RoutingWeights.apply(ordered.providers(), weights, bucket);
    List<String> notes = notes(weighted, views, messageId.isPresent());
    String reason =
        notes.isEmpty() ? ordered.reason() : ordered.reason() + "; " + String.join("; ", notes);

    Map<String, Integer> routeWeights = new LinkedHashMap<>();
    for (String name : weighted.providers()) {
      routeWeights.put(name, weights.get(name));
    }
    return new PlannedRoute(weighted.providers(), routeWeights, reason);
  }

  private record Ordered(List<String> providers, String reason) {}

  private Ordered order(
      List<String> candidates, Map<String, ProviderView> views, TenantRequirements requirements) {
    if (!routing.byScore()) {
      return new Ordered(candidates, BY_SCORE_OFF);
    }
    List<String> usable = new ArrayList<>();
    List<String> failedOver = new ArrayList<>();
    for (String name : candidates) {
      (views.get(name).weight() == 0 ? failedOver : usable).add(name);
    }
    if (usable.isEmpty()) {
      // Every provider is failed over: the router still orders them all.
      usable = candidates;
      failedOver = List.of();
    }
    List<RouteCandidate> scored = new ArrayList<>();
    List<String> unscored = new ArrayList<>();
    for (String name : usable) {
      Optional<RouteCandidate> candidate = candidate(views.get(name));
      if (candidate.isPresent()) {
        scored.add(candidate.get());
      } else {
        unscored.add(name);
      }
    }
    if (scored.isEmpty()) {
      return new Ordered(candidates, NO_SCORES_YET);
    }
    if (scored.stream().allMatch(c -> c.metrics().attempts() == 0)) {
      return new Ordered(candidates, NO_FIGURES_YET);
    }
    RouteDecision decision = new Router(routing.policy()).decide(scored, requirements);
    List<String> providers = new ArrayList<>(decision.providers());
    String reason = decision.reason();
    if (!unscored.isEmpty()) {
      providers.addAll(unscored);
      reason += "; not scored yet: " + String.join(", ", unscored);
    }
    providers.addAll(failedOver);
    return new Ordered(providers, reason);
  }

  /**
   * The router's view of a provider: its ranking score, and its current score as the health now
   * (either stands for the other when only one window is scored yet).
   */
  private static Optional<RouteCandidate> candidate(ProviderView view) {
    Optional<ProviderScoreRow> ranking = view.ranking().or(view::current);
    Optional<ProviderScoreRow> current = view.current().or(view::ranking);
    if (ranking.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RouteCandidate(ranking.get().metrics(), ranking.get().score(), current.get().score()));
  }

  private static List<String> notes(
      WeightedRoute weighted, Map<String, ProviderView> views, boolean forMessage) {
    List<String> notes = new ArrayList<>();
    List<String> route = weighted.providers();
    for (String name : route) {
      ProviderView view = views.get(name);
      ProviderStatus status = view.status();
      String why = view.stateReason().isBlank() ? "" : " (" + view.stateReason() + ")";
      if (status == ProviderStatus.FAILED_OVER) {
        notes.add(
            route.size() == 1
                ? name + " failed over" + why + ", but it is the only provider: still used"
                : name + " failed over" + why + ": last resort only");
      } else if (status == ProviderStatus.RECOVERING && view.weight() < 100) {
        boolean outside = weighted.outsideShare().contains(name);
        if (!forMessage) {
          notes.add(name + " recovering: " + view.weight() + "% of traffic");
        } else if (outside) {
          notes.add(
              name + " recovering: " + view.weight() + "% of traffic, this message outside it");
        } else {
          notes.add(
              name + " recovering: " + view.weight() + "% of traffic, this message within it");
        }
      }
    }
    return notes;
  }
}
