package io.iris.workflows.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Applies the providers' fail-back weights to a route, for one message: pure and deterministic (no
 * randomness, no clock), so the same message gets the same order on every retry and in every
 * process.
 *
 * <p>A message falls in one of 100 buckets, {@link #bucket(UUID)}: {@code floorMod(id's least
 * significant 64 bits, 100)}. Those bits of a random (version 4) or time-ordered (version 7) UUID
 * are random apart from the two variant bits, so the buckets are evenly filled; the bucket is a
 * fixed function of the id, so a message keeps it for its whole life.
 *
 * <p>A provider's weight, 0 to 100, is the percentage of messages it may take as primary ({@code
 * provider_routing.weight}; no row means 100). A message is within a provider's share when {@code
 * bucket < weight}. The order the router decided is then changed only this way:
 *
 * <ul>
 *   <li>a provider at weight 0 (failed over) goes last, as a last resort only, so a message is not
 *       lost when every other provider fails too;
 *   <li>a provider whose share this message is outside (recovering, 0 &lt; weight &le; bucket)
 *       moves behind the next provider whose share it is within; when there is none it keeps its
 *       place;
 *   <li>every other provider keeps its place, and so does a channel's sole provider, whatever its
 *       weight.
 * </ul>
 *
 * <p>So a provider the router puts first takes the primary place for {@code weight}% of messages;
 * further back it takes at most that. All providers share one bucket per message, so two recovering
 * providers at 10% and 50% split the first half of the buckets rather than overlap independently.
 */
public final class RoutingWeights {

  /** The number of buckets, so that a weight is a percentage. */
  public static final int BUCKETS = 100;

  private RoutingWeights() {}

  /**
   * A message's route after the weights.
   *
   * @param providers the providers to try for this message, in order
   * @param bucket the message's bucket, 0 to 99
   * @param outsideShare the recovering providers this message is outside the share of, in route
   *     order (each moved behind the next provider in its share)
   * @param lastResort the failed-over providers (weight 0), moved last, in route order
   */
  public record WeightedRoute(
      List<String> providers, int bucket, List<String> outsideShare, List<String> lastResort) {

    public WeightedRoute {
      providers = List.copyOf(providers);
      outsideShare = List.copyOf(outsideShare);
      lastResort = List.copyOf(lastResort);
    }

    public String primary() {
      return providers.get(0);
    }

    /**
     * What the weights changed, in plain words for the message's route reason, e.g. "telnyx
     * recovering: 10% of traffic, this message outside it"; empty when nothing moved.
     */
    public List<String> notes(Map<String, Integer> weights) {
      List<String> notes = new ArrayList<>();
      for (String provider : outsideShare) {
        notes.add(
            provider
                + " recovering: "
                + weightOf(weights, provider)
                + "% of traffic, this message outside it");
      }
      for (String provider : lastResort) {
        notes.add(provider + " failed over: last resort only");
      }
      return notes;
    }
  }

  /** The message's bucket, 0 to 99: {@code floorMod(messageId.getLeastSignificantBits(), 100)}. */
  public static int bucket(UUID messageId) {
    Objects.requireNonNull(messageId, "messageId");
    return (int) Math.floorMod(messageId.getLeastSignificantBits(), (long) BUCKETS);
  }

  /** {@link #apply(List, Map, int)} in the message's own bucket. */
  public static WeightedRoute apply(
      List<String> providers, Map<String, Integer> weights, UUID messageId) {
    return apply(providers, weights, bucket(messageId));
  }

  /**
   * Orders {@code providers} for a message in {@code bucket}.
   *
   * @param providers the router's order (the primary first); at least one, none twice
   * @param weights each provider's weight, 0 to 100; a provider missing from it is at 100, and
   *     providers not on the route are ignored
   * @param bucket the message's bucket, 0 to 99
   * @throws IllegalArgumentException for an empty route, a provider named twice, a weight outside
   *     0..100 (naming the provider) or a bucket outside 0..99
   */
  public static WeightedRoute apply(
      List<String> providers, Map<String, Integer> weights, int bucket) {
    Objects.requireNonNull(providers, "providers");
    Objects.requireNonNull(weights, "weights");
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("providers must name at least one provider");
    }
    if (bucket < 0 || bucket >= BUCKETS) {
      throw new IllegalArgumentException("bucket must be from 0 to 99, got " + bucket);
    }
    Set<String> seen = new HashSet<>();
    for (String provider : providers) {
      Objects.requireNonNull(provider, "provider");
      if (!seen.add(provider)) {
        throw new IllegalArgumentException("provider " + provider + " given twice");
      }
      weightOf(weights, provider);
    }
    if (providers.size() == 1) {
      return new WeightedRoute(providers, bucket, List.of(), List.of());
    }

    List<String> ordered = new ArrayList<>(providers.size());
    List<String> waiting = new ArrayList<>();
    List<String> outsideShare = new ArrayList<>();
    List<String> lastResort = new ArrayList<>();
    for (String provider : providers) {
      int weight = weightOf(weights, provider);
      if (weight == 0) {
        lastResort.add(provider);
      } else if (bucket >= weight) {
        waiting.add(provider);
      } else {
        ordered.add(provider);
        if (!waiting.isEmpty()) {
          outsideShare.addAll(waiting);
          ordered.addAll(waiting);
          waiting.clear();
        }
      }
    }
    // No provider in its share behind these: they keep their places (someone must go first).
    ordered.addAll(waiting);
    ordered.addAll(lastResort);
    return new WeightedRoute(ordered, bucket, outsideShare, lastResort);
  }

  private static int weightOf(Map<String, Integer> weights, String provider) {
    Integer weight = weights.get(provider);
    if (weight == null) {
      return BUCKETS;
    }
    if (weight < 0 || weight > 100) {
      throw new IllegalArgumentException(
          "weight of " + provider + " must be from 0 to 100, got " + weight);
    }
    return weight;
  }
}
