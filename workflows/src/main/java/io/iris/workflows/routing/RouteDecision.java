package io.iris.workflows.routing;

import java.util.List;
import java.util.Objects;

/**
 * Where a channel's sends go now and why.
 *
 * @param providers the providers to try, in order: the first is the primary, the others are the
 *     failover order
 * @param rule which of the router's rules chose the primary
 * @param requirementsWaived true when no provider met the tenant's requirements, so the router
 *     chose among all of them (the reason says which requirements nobody met)
 * @param reason in plain words, for the timelines of the messages this decision routes (e.g.
 *     "twilio: 80 ms faster, 12% cheaper than telnyx (score 95 vs 91)")
 */
public record RouteDecision(
    List<String> providers, Rule rule, boolean requirementsWaived, String reason) {

  /** The rule that chose the primary (seed 000 §7.3, lines 1545-1564). */
  public enum Rule {
    /** The top-ranked provider scores at least the recommend threshold now. */
    RECOMMENDED,
    /**
     * The top-ranked provider is below the recommend threshold; a backup at the backup threshold.
     */
    BACKUP,
    /** No backup qualified: the provider with the best score now, however low. */
    LEAST_BAD
  }

  public RouteDecision {
    providers = List.copyOf(providers);
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("a decision names at least one provider");
    }
  }

  public String primary() {
    return providers.get(0);
  }
}
