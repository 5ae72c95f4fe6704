package io.iris.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iris.activities.routing.RoutePlanner;
import io.iris.activities.routing.RoutePlanner.PlannedRoute;
import io.iris.activities.routing.RoutingSettings;
import io.iris.activities.routing.RoutingSnapshot;
import io.iris.activities.routing.RoutingSnapshot.ProviderView;
import io.iris.activities.send.MessageStore;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.problem.ApiProblem;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.routing.HealthScore;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.routing.TenantRequirements;
import io.iris.workflows.send.Channel;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The providers and routes as the API shows them, from the in-memory {@link RoutingSnapshot} (the
 * same one the send path routes on) and the {@link RoutePlanner}.
 *
 * <p>{@code status} is the routing state, with one derived value: {@code degraded} for a provider
 * whose current score, over a current window that carried calls, is below the recommend threshold
 * ({@code IRIS_ROUTING_RECOMMEND_THRESHOLD}), or one failed over with no alternative (it still
 * carries the channel). Precedence: failed over, then recovering, then degraded, then healthy.
 */
@Component
class RoutingViews {

  static final String STATUSES = "healthy, degraded, failed_over, recovering";

  /** A provider's scores, each 0 to 100, from the latest ranking-window evaluation. */
  @Schema(name = "ProviderScore")
  record ScoreView(
      double overall, double delivery, double latency, double reliability, double cost) {
    static ScoreView of(HealthScore s) {
      return new ScoreView(s.overall(), s.delivery(), s.latency(), s.reliability(), s.cost());
    }
  }

  @Schema(name = "ProviderHealthView")
  record ProviderHealthView(
      String name,
      String channel,
      @Schema(allowableValues = {"healthy", "degraded", "failed_over", "recovering"}) String status,
      @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(
              description =
                  "The latest ranking-window score; null before the first health evaluation",
              nullable = true)
          ScoreView score,
      @Schema(description = "Share of new sends it may take as primary, 0 to 100")
          int routingWeight) {}

  @Schema(name = "RoutedProvider")
  record RoutedProvider(
      String name,
      @Schema(allowableValues = {"healthy", "degraded", "failed_over", "recovering"}) String status,
      @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(
              description =
                  "The latest ranking-window score; null before the first health evaluation",
              nullable = true)
          ScoreView score,
      @Schema(description = "Share of new sends it may take as primary, 0 to 100") int weight) {}

  @Schema(name = "RoutingView")
  record RoutingView(
      String channel,
      @Schema(description = "In the order the router uses them now; the first is the primary")
          List<RoutedProvider> providers,
      String reason,
      @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(
              description =
                  "The later of the newest score and the newest state change; null when neither"
                      + " exists",
              nullable = true)
          Instant updatedAt) {}

  private final RoutingSnapshot snapshot;
  private final RoutePlanner planner;
  private final ProviderRegistry registry;
  private final RoutingSettings routing;
  private final MessageStore messages;

  RoutingViews(
      RoutingSnapshot snapshot,
      RoutePlanner planner,
      ProviderRegistry registry,
      RoutingSettings routing,
      MessageStore messages) {
    this.snapshot = snapshot;
    this.planner = planner;
    this.registry = registry;
    this.routing = routing;
    this.messages = messages;
  }

  /** The channel of a wire name, exactly as the API spells it; 400 naming {@code parameter}. */
  static Channel channel(String parameter, String value) {
    for (Channel channel : Channel.values()) {
      if (channel.wireName().equals(value)) {
        return channel;
      }
    }
    throw ApiProblem.invalidParameter(
        parameter,
        "must be one of "
            + Arrays.stream(Channel.values())
                .map(Channel::wireName)
                .collect(Collectors.joining(", ")));
  }

  /** Every enabled provider (of one channel, when given): by channel, then in route order. */
  List<ProviderHealthView> providers(Optional<Channel> only) {
    List<ProviderHealthView> views = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      if (only.isPresent() && only.get() != channel) {
        continue;
      }
      for (String name : enabled(channel)) {
        ProviderView view = snapshot.provider(name, channel);
        views.add(
            new ProviderHealthView(
                name, channel.wireName(), status(view, channel), score(view), view.weight()));
      }
    }
    return views;
  }

  /** The route most new sends of the caller take now. */
  RoutingView route(Channel channel, ApiPrincipal principal) {
    TenantRequirements requirements =
        principal.isAdmin()
            ? TenantRequirements.NONE
            : principal
                .tenantId()
                .map(id -> messages.sendProfile(id).requirements())
                .orElse(TenantRequirements.NONE);
    PlannedRoute route = planner.plan(channel, requirements, Optional.empty());
    List<RoutedProvider> providers = new ArrayList<>();
    for (String name : route.providers()) {
      ProviderView view = snapshot.provider(name, channel);
      providers.add(new RoutedProvider(name, status(view, channel), score(view), view.weight()));
    }
    Instant updatedAt =
        enabled(channel).stream()
            .map(name -> snapshot.provider(name, channel).updatedAt())
            .flatMap(Optional::stream)
            .max(Comparator.naturalOrder())
            .orElse(null);
    return new RoutingView(channel.wireName(), providers, route.reason(), updatedAt);
  }

  /** The channel's enabled adapters: the configured route's first, then the others by name. */
  private List<String> enabled(Channel channel) {
    List<String> names = new ArrayList<>(planner.candidates(channel));
    for (ProviderAdapter adapter : registry.forChannel(channel)) {
      if (!names.contains(adapter.name())) {
        names.add(adapter.name());
      }
    }
    return names;
  }

  private String status(ProviderView view, Channel channel) {
    ProviderStatus status = view.status();
    if (status == ProviderStatus.FAILED_OVER) {
      boolean alternative =
          enabled(channel).stream()
              .filter(other -> !other.equals(view.provider()))
              .anyMatch(other -> snapshot.provider(other, channel).weight() > 0);
      return alternative ? ProviderStatus.FAILED_OVER.wireName() : "degraded";
    }
    if (status == ProviderStatus.RECOVERING) {
      return status.wireName();
    }
    // Only a current window that carried calls says anything: an idle provider scores low for
    // lack of data (HealthScoring's no-data rule) and is not degraded for being idle.
    boolean low =
        view.current()
            .filter(row -> row.metrics().attempts() > 0)
            .map(ProviderScoreRow::score)
            .map(s -> s.overall() < routing.recommendThreshold())
            .orElse(false);
    return low ? "degraded" : ProviderStatus.HEALTHY.wireName();
  }

  private static ScoreView score(ProviderView view) {
    return view.ranking().map(r -> ScoreView.of(r.score())).orElse(null);
  }
}
