package io.iris.workflows.routing;

import java.util.Locale;

/**
 * A provider's routing state on one channel, as {@code provider_routing.status} stores it. No row
 * means {@link #HEALTHY} at weight 100. The API's {@code degraded} is not a state: it is derived (a
 * current score below the recommend threshold, or a provider marked with no alternative).
 */
public enum ProviderStatus {
  /** Takes its full share of traffic, in the router's order. */
  HEALTHY,
  /**
   * Failed over (the seed's markProviderDegraded): weight 0, a last resort only, so nothing is lost
   * when every other provider fails too.
   */
  FAILED_OVER,
  /** Failing back: takes {@code weight} percent of new sends, step by step up to 100. */
  RECOVERING;

  /** The lowercase name the database and the API use. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state of a wire name; throws {@link IllegalArgumentException} for unknown names. */
  public static ProviderStatus fromWire(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
