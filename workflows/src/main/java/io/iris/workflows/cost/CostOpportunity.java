package io.iris.workflows.cost;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * One cost-optimization opportunity as the cycle found and stored it ({@code
 * cost_optimization_opportunities}). Money is plain decimal text, so a history holds exactly what
 * was computed.
 *
 * @param id the row's id (UUID text); the opportunity's workflow is {@code cost-opportunity-{id}}
 * @param type what kind of change it proposes
 * @param channel the channel it concerns (wire name)
 * @param currentProvider the provider carrying the traffic now (for an idle resource: its owner)
 * @param recommendedProvider where the traffic would go; "" for an idle resource
 * @param resource the idle sender or number; "" otherwise
 * @param currentCostUsdPerDay what the traffic (or the resource) costs a day now
 * @param savingsUsdPerDay what the change would save a day
 * @param savingsPercent the saving as a percentage of the current cost
 * @param qualityImpact {@code minimal} or {@code moderate} (the seed's assessQualityImpact)
 * @param allowsAutoApply whether this kind may be applied without a human at all (only a provider
 *     switch: a price tier is a contract, releasing a number cannot be undone)
 * @param reason in plain words, for Slack, the API and the audit log
 */
public record CostOpportunity(
    String id,
    Type type,
    String channel,
    String currentProvider,
    String recommendedProvider,
    String resource,
    String currentCostUsdPerDay,
    String savingsUsdPerDay,
    double savingsPercent,
    String qualityImpact,
    boolean allowsAutoApply,
    String reason) {

  /** The quality impact under which a change may be applied without review. */
  public static final String MINIMAL = "minimal";

  public static final String MODERATE = "moderate";

  /** The seed's three opportunity kinds. */
  public enum Type {
    /** A cheaper provider of the channel whose health score is within the margin. */
    PROVIDER_SWITCH,
    /** The channel's volume on one provider reaches a cheaper configured price tier. */
    VOLUME_DISCOUNT,
    /** A configured sender or number that carried no traffic for the idle period. */
    IDLE_RESOURCE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Type fromWire(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether applying it changes routing (and so is watched, and reverted if quality drops). */
    public boolean routes() {
      return this != IDLE_RESOURCE;
    }
  }

  public CostOpportunity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    channel = channel == null ? "" : channel;
    currentProvider = currentProvider == null ? "" : currentProvider;
    recommendedProvider = recommendedProvider == null ? "" : recommendedProvider;
    resource = resource == null ? "" : resource;
    Objects.requireNonNull(currentCostUsdPerDay, "currentCostUsdPerDay");
    Objects.requireNonNull(savingsUsdPerDay, "savingsUsdPerDay");
    qualityImpact = qualityImpact == null ? MODERATE : qualityImpact;
    reason = reason == null ? "" : reason;
    if (type.routes() && recommendedProvider.isBlank()) {
      throw new IllegalArgumentException(type.wireName() + " names no recommended provider");
    }
  }

  /**
   * The seed's rule (000 §5.3): applied without a human only when the opportunity allows it, it
   * saves more than the policy's minimum a day, and its quality impact is minimal; and only while
   * the operator has auto-apply on.
   */
  public boolean autoApplies(CostPolicy policy) {
    return policy.autoApply()
        && allowsAutoApply
        && MINIMAL.equals(qualityImpact)
        && new BigDecimal(savingsUsdPerDay)
                .compareTo(new BigDecimal(policy.autoApplyMinUsdPerDay()))
            > 0;
  }
}
