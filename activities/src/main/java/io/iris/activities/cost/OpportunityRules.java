package io.iris.activities.cost;

import io.iris.activities.cost.CostOptimizationSettings.PriceTier;
import io.iris.activities.cost.CostOptimizationSettings.Resource;
import io.iris.workflows.cost.CostOpportunity;
import io.iris.workflows.cost.CostOpportunity.Type;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The three opportunity rules of seed 000 §5.1 (lines 899-944), pure: figures in, opportunities
 * out, largest saving first.
 *
 * <ul>
 *   <li><b>Provider switch</b>: on a channel whose primary carried traffic, a provider at least
 *       {@code minSavingsPercent} cheaper a message whose overall health score is at most {@code
 *       switchScoreMargin} points under the primary's. The one saving the most a day is offered.
 *       The seed asks for 20% cheaper and a 98% delivery rate; here the share is configuration and
 *       the delivery rate decides the quality impact, not whether it is offered.
 *   <li><b>Volume discount</b>: the channel's whole volume, projected over 30 days, reaches a
 *       configured price tier of one of its providers that it does not reach today on that provider
 *       alone, and that tier's price saves at least {@code minSavingsPercent} of the channel's
 *       cost. The provider must be within the score margin too. Never auto-applied (a tier is a
 *       contract).
 *   <li><b>Idle resource</b>: a configured sender or number with no send in the idle period saves
 *       its monthly cost. Never auto-applied (a released number cannot be had back).
 * </ul>
 *
 * Quality impact is {@code minimal} when the provider that would carry the traffic delivers at
 * least {@code minimalImpactDeliveryRate} percent (an idle resource carries none: minimal),
 * otherwise {@code moderate}.
 */
public final class OpportunityRules {

  static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  static final BigDecimal DAYS_A_MONTH = BigDecimal.valueOf(30);
  private static final MathContext MC = MathContext.DECIMAL64;

  /**
   * One provider of a channel.
   *
   * @param score its latest ranking-window overall score; empty before the first evaluation
   * @param deliveryRatePercent its delivery rate in that window; empty with no finished sends
   * @param costPerMessageUsd what a message costs on it: observed in the volume window, else the
   *     health evaluation's figure; empty when neither is known
   * @param messagesPerDay what it carried a day over the volume window
   * @param costUsdPerDay what that cost a day
   */
  public record ProviderFigures(
      String provider,
      Optional<Double> score,
      Optional<Double> deliveryRatePercent,
      Optional<BigDecimal> costPerMessageUsd,
      BigDecimal messagesPerDay,
      BigDecimal costUsdPerDay) {}

  /** A channel's providers now, {@code primary} the one most new sends take. */
  public record ChannelFigures(Channel channel, String primary, List<ProviderFigures> providers) {
    Optional<ProviderFigures> of(String name) {
      return providers.stream().filter(p -> p.provider().equals(name)).findFirst();
    }
  }

  /** An opportunity found, before it has an id. */
  public record Found(
      String dedupKey,
      Type type,
      String channel,
      String currentProvider,
      String recommendedProvider,
      String resource,
      BigDecimal currentCostUsdPerDay,
      BigDecimal savingsUsdPerDay,
      BigDecimal savingsPercent,
      Optional<BigDecimal> currentCostPerMessageUsd,
      Optional<BigDecimal> newCostPerMessageUsd,
      String qualityImpact,
      boolean allowsAutoApply,
      String reason) {

    public CostOpportunity withId(String id) {
      return new CostOpportunity(
          id,
          type,
          channel,
          currentProvider,
          recommendedProvider,
          resource,
          currentCostUsdPerDay.toPlainString(),
          savingsUsdPerDay.toPlainString(),
          savingsPercent.doubleValue(),
          qualityImpact,
          allowsAutoApply,
          reason);
    }
  }

  private final CostOptimizationSettings settings;

  public OpportunityRules(CostOptimizationSettings settings) {
    this.settings = settings;
  }

  /**
   * Every opportunity the figures show, largest saving a day first.
   *
   * @param idle the configured resources that carried nothing in the idle period
   */
  public List<Found> find(List<ChannelFigures> channels, Set<Resource> idle) {
    List<Found> out = new ArrayList<>();
    for (ChannelFigures c : channels) {
      providerSwitch(c).ifPresent(out::add);
      out.addAll(volumeDiscounts(c));
    }
    for (Resource r : settings.idleCandidates()) {
      if (idle.contains(r)) {
        out.add(idleResource(r));
      }
    }
    out.sort(Comparator.comparing(Found::savingsUsdPerDay).reversed());
    return out;
  }

  Optional<Found> providerSwitch(ChannelFigures c) {
    Optional<ProviderFigures> current = c.of(c.primary());
    if (current.isEmpty()
        || current.get().messagesPerDay().signum() <= 0
        || current.get().score().isEmpty()
        || current.get().costPerMessageUsd().isEmpty()
        || current.get().costPerMessageUsd().get().signum() <= 0) {
      return Optional.empty();
    }
    ProviderFigures p = current.get();
    BigDecimal unit = p.costPerMessageUsd().get();
    BigDecimal ceiling = unit.multiply(keepShare(), MC);
    Found best = null;
    for (ProviderFigures a : c.providers()) {
      if (a.provider().equals(p.provider())
          || a.score().isEmpty()
          || a.costPerMessageUsd().isEmpty()
          || !withinMargin(a, p)
          || a.costPerMessageUsd().get().compareTo(ceiling) > 0) {
        continue;
      }
      BigDecimal altUnit = a.costPerMessageUsd().get();
      BigDecimal currentDaily = p.messagesPerDay().multiply(unit, MC);
      BigDecimal savings = p.messagesPerDay().multiply(unit.subtract(altUnit), MC);
      String quality = quality(a);
      String reason =
          a.provider()
              + " costs $"
              + plain(altUnit)
              + " a message against $"
              + plain(unit)
              + " on "
              + p.provider()
              + " ("
              + percent(unit.subtract(altUnit), unit)
              + "% less) with an overall score of "
              + num(a.score().get())
              + " against "
              + num(p.score().get())
              + " (margin "
              + num(settings.switchScoreMargin())
              + "); at "
              + plain(p.messagesPerDay().setScale(0, RoundingMode.HALF_UP))
              + " "
              + c.channel().wireName()
              + " a day that saves $"
              + money(savings)
              + " a day; delivery "
              + a.deliveryRatePercent().map(r -> num(r) + "%").orElse("not measured yet");
      Found f =
          new Found(
              "provider_switch:" + c.channel().wireName() + ":" + p.provider() + ":" + a.provider(),
              Type.PROVIDER_SWITCH,
              c.channel().wireName(),
              p.provider(),
              a.provider(),
              "",
              scale(currentDaily),
              scale(savings),
              percent(unit.subtract(altUnit), unit),
              Optional.of(unit),
              Optional.of(altUnit),
              quality,
              true,
              reason);
      if (best == null || f.savingsUsdPerDay().compareTo(best.savingsUsdPerDay()) > 0) {
        best = f;
      }
    }
    return Optional.ofNullable(best);
  }

  List<Found> volumeDiscounts(ChannelFigures c) {
    BigDecimal perDay = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    for (ProviderFigures f : c.providers()) {
      perDay = perDay.add(f.messagesPerDay());
      cost = cost.add(f.costUsdPerDay());
    }
    Optional<ProviderFigures> current = c.of(c.primary());
    if (perDay.signum() <= 0 || cost.signum() <= 0 || current.isEmpty()) {
      return List.of();
    }
    BigDecimal monthly = perDay.multiply(DAYS_A_MONTH, MC);
    List<Found> out = new ArrayList<>();
    for (ProviderFigures p : c.providers()) {
      if (p.score().isEmpty()
          || current.get().score().isEmpty()
          || !withinMargin(p, current.get())) {
        continue;
      }
      BigDecimal own = p.messagesPerDay().multiply(DAYS_A_MONTH, MC);
      Optional<PriceTier> tier =
          settings.tiers().stream()
              .filter(t -> t.provider().equals(p.provider()) && t.channel() == c.channel())
              .filter(t -> BigDecimal.valueOf(t.minMonthlyMessages()).compareTo(monthly) <= 0)
              .filter(t -> BigDecimal.valueOf(t.minMonthlyMessages()).compareTo(own) > 0)
              .min(Comparator.comparing(PriceTier::unitPriceUsd));
      if (tier.isEmpty()) {
        continue;
      }
      BigDecimal after = perDay.multiply(tier.get().unitPriceUsd(), MC);
      BigDecimal savings = cost.subtract(after);
      BigDecimal share = percent(savings, cost);
      if (savings.signum() <= 0 || share.doubleValue() < settings.minSavingsPercent()) {
        continue;
      }
      BigDecimal blended = cost.divide(perDay, MC);
      String reason =
          "all "
              + c.channel().wireName()
              + " on "
              + p.provider()
              + " comes to "
              + plain(monthly.setScale(0, RoundingMode.HALF_UP))
              + " messages a month, within its tier from "
              + tier.get().minMonthlyMessages()
              + " at $"
              + plain(tier.get().unitPriceUsd())
              + " a message (today $"
              + plain(blended.setScale(6, RoundingMode.HALF_UP))
              + " on average, "
              + plain(own.setScale(0, RoundingMode.HALF_UP))
              + " a month on "
              + p.provider()
              + "): $"
              + money(savings)
              + " a day; the tier price needs the provider's agreement";
      out.add(
          new Found(
              "volume_discount:"
                  + c.channel().wireName()
                  + ":"
                  + p.provider()
                  + ":"
                  + tier.get().minMonthlyMessages(),
              Type.VOLUME_DISCOUNT,
              c.channel().wireName(),
              c.primary(),
              p.provider(),
              "",
              scale(cost),
              scale(savings),
              share,
              Optional.of(blended.setScale(6, RoundingMode.HALF_UP)),
              Optional.of(tier.get().unitPriceUsd()),
              quality(p),
              false,
              reason));
    }
    return out;
  }

  Found idleResource(Resource r) {
    BigDecimal perDay = r.monthlyUsd().divide(DAYS_A_MONTH, MC);
    String reason =
        r.sender()
            + " on "
            + r.provider()
            + " sent nothing in "
            + settings.idleAfter().toDays()
            + " days and costs $"
            + plain(r.monthlyUsd())
            + " a month; release it at the provider";
    return new Found(
        "idle_resource:" + r.provider() + ":" + r.sender(),
        Type.IDLE_RESOURCE,
        "",
        r.provider(),
        "",
        r.sender(),
        scale(perDay),
        scale(perDay),
        HUNDRED.setScale(2),
        Optional.empty(),
        Optional.empty(),
        CostOpportunity.MINIMAL,
        false,
        reason);
  }

  private boolean withinMargin(ProviderFigures candidate, ProviderFigures current) {
    return candidate.score().get() >= current.score().get() - settings.switchScoreMargin();
  }

  private String quality(ProviderFigures to) {
    return to.deliveryRatePercent()
            .map(r -> r >= settings.minimalImpactDeliveryRate())
            .orElse(false)
        ? CostOpportunity.MINIMAL
        : CostOpportunity.MODERATE;
  }

  private BigDecimal keepShare() {
    return BigDecimal.ONE.subtract(
        BigDecimal.valueOf(settings.minSavingsPercent()).divide(HUNDRED, MC));
  }

  static BigDecimal percent(BigDecimal part, BigDecimal whole) {
    return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
  }

  static BigDecimal scale(BigDecimal usd) {
    return usd.setScale(6, RoundingMode.HALF_UP);
  }

  private static String money(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String plain(BigDecimal v) {
    return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
  }

  private static String num(double v) {
    return plain(BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP));
  }
}
