package io.iris.activities.cost;

import io.iris.workflows.cost.CostPolicy;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cost-optimization cycle ({@code iris.cost-optimization.*}; defaults in iris-platform.yml).
 *
 * @param interval {@code IRIS_COST_OPTIMIZATION_INTERVAL}: how often the Schedule {@code
 *     cost-optimization} runs
 * @param switchScoreMargin {@code IRIS_COST_SWITCH_SCORE_MARGIN}: a cheaper provider is an
 *     alternative when its overall health score is at most this many points under the current one
 * @param minSavingsPercent {@code IRIS_COST_MIN_SAVINGS_PERCENT}: an opportunity must save at least
 *     this share of the current cost
 * @param autoApply {@code IRIS_COST_AUTO_APPLY}: whether any opportunity is applied without review
 * @param autoApplyMinSavingsUsd {@code IRIS_COST_AUTO_APPLY_MIN_SAVINGS_USD}: more than this a day
 *     to apply without review (the seed's $50)
 * @param minimalImpactDeliveryRate {@code IRIS_COST_MINIMAL_IMPACT_DELIVERY_RATE}: the recommended
 *     provider's delivery rate (percent) from which the quality impact is minimal (the seed's 98)
 * @param reviewExpiry {@code IRIS_COST_REVIEW_EXPIRY}: how long a review waits for an answer
 * @param reofferAfter {@code IRIS_COST_REOFFER_AFTER}: a dismissed, expired, reverted or failed
 *     opportunity is not offered again before this has passed
 * @param watchInterval {@code IRIS_COST_SWITCH_WATCH_INTERVAL}: how often an applied switch's
 *     delivery is checked
 * @param watchChecks {@code IRIS_COST_SWITCH_WATCH_CHECKS}: how many checks before it is kept
 * @param watchMinAttempts {@code IRIS_COST_SWITCH_WATCH_MIN_ATTEMPTS}: sends a check needs to judge
 * @param revertDeliveryDrop {@code IRIS_COST_REVERT_DELIVERY_DROP}: percentage points of delivery
 *     rate under the previous provider's that revert a switch
 * @param savingsMeasureAfter {@code IRIS_COST_SAVINGS_MEASURE_AFTER}: when the achieved saving is
 *     measured, after applying
 * @param volumeWindow {@code IRIS_COST_VOLUME_WINDOW}: the spend behind "a day" (whole hours)
 * @param priceTiers {@code IRIS_COST_PRICE_TIERS}: {@code provider:channel:minMonthlyMessages:
 *     unitPriceUsd} entries, the providers' volume prices
 * @param resources {@code IRIS_COST_RESOURCES}: {@code provider:sender:monthlyUsd} entries, the
 *     senders and numbers that cost money whether used or not
 * @param idleAfter {@code IRIS_COST_IDLE_AFTER}: a resource with no send for this long is idle
 */
@ConfigurationProperties("iris.cost-optimization")
public record CostOptimizationSettings(
    Duration interval,
    double switchScoreMargin,
    double minSavingsPercent,
    boolean autoApply,
    BigDecimal autoApplyMinSavingsUsd,
    double minimalImpactDeliveryRate,
    Duration reviewExpiry,
    Duration reofferAfter,
    Duration watchInterval,
    int watchChecks,
    long watchMinAttempts,
    double revertDeliveryDrop,
    Duration savingsMeasureAfter,
    Duration volumeWindow,
    List<String> priceTiers,
    List<String> resources,
    Duration idleAfter) {

  /** A provider's price from a monthly volume on. */
  public record PriceTier(
      String provider, Channel channel, long minMonthlyMessages, BigDecimal unitPriceUsd) {}

  /** A sender or number that costs {@code monthlyUsd} whether it is used or not. */
  public record Resource(String provider, String sender, BigDecimal monthlyUsd) {}

  public CostOptimizationSettings {
    positive("interval", interval);
    positive("review-expiry", reviewExpiry);
    positive("watch-interval", watchInterval);
    positive("idle-after", idleAfter);
    if (reofferAfter == null || reofferAfter.isNegative()) {
      throw new IllegalArgumentException(
          "iris.cost-optimization.reoffer-after must be 0 or a positive duration, got "
              + reofferAfter);
    }
    if (savingsMeasureAfter == null || savingsMeasureAfter.isNegative()) {
      throw new IllegalArgumentException(
          "iris.cost-optimization.savings-measure-after must be 0 or a positive duration, got "
              + savingsMeasureAfter);
    }
    if (volumeWindow == null
        || volumeWindow.compareTo(Duration.ofHours(1)) < 0
        || volumeWindow.toMinutes() % 60 != 0) {
      throw new IllegalArgumentException(
          "iris.cost-optimization.volume-window must be a whole number of hours (the roll-ups are"
              + " hourly), at least 1h, got "
              + volumeWindow);
    }
    range("switch-score-margin", switchScoreMargin, 0, 100);
    range("min-savings-percent", minSavingsPercent, 0, 100);
    range("minimal-impact-delivery-rate", minimalImpactDeliveryRate, 0, 100);
    range("revert-delivery-drop", revertDeliveryDrop, 0, 100);
    if (watchChecks < 0) {
      throw new IllegalArgumentException(
          "iris.cost-optimization.watch-checks must be 0 or more, got " + watchChecks);
    }
    if (watchMinAttempts < 1) {
      throw new IllegalArgumentException(
          "iris.cost-optimization.watch-min-attempts must be 1 or more, got " + watchMinAttempts);
    }
    autoApplyMinSavingsUsd =
        autoApplyMinSavingsUsd == null ? new BigDecimal("50") : autoApplyMinSavingsUsd;
    if (autoApplyMinSavingsUsd.signum() < 0) {
      throw new IllegalArgumentException(
          "iris.cost-optimization.auto-apply-min-savings-usd must be 0 or more, got "
              + autoApplyMinSavingsUsd);
    }
    priceTiers = clean(priceTiers);
    resources = clean(resources);
    tiers(priceTiers);
    resources(resources);
  }

  /** The policy an opportunity's workflow runs by. */
  public CostPolicy policy() {
    return new CostPolicy(
        autoApply,
        autoApplyMinSavingsUsd.toPlainString(),
        reviewExpiry,
        watchInterval,
        watchChecks,
        revertDeliveryDrop,
        watchMinAttempts,
        savingsMeasureAfter);
  }

  public List<PriceTier> tiers() {
    return tiers(priceTiers);
  }

  public List<Resource> idleCandidates() {
    return resources(resources);
  }

  private static List<PriceTier> tiers(List<String> entries) {
    List<PriceTier> out = new ArrayList<>();
    for (String entry : entries) {
      String[] p = entry.split(":");
      String where = "iris.cost-optimization.price-tiers entry '" + entry + "'";
      if (p.length != 4) {
        throw new IllegalArgumentException(
            where + " must be provider:channel:minMonthlyMessages:unitPriceUsd");
      }
      Channel channel;
      try {
        channel = Channel.fromWire(p[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": unknown channel '" + p[1] + "'");
      }
      long min;
      BigDecimal price;
      try {
        min = Long.parseLong(p[2].trim());
        price = new BigDecimal(p[3].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            where + ": minMonthlyMessages must be a whole number and unitPriceUsd a decimal");
      }
      if (min < 1 || price.signum() < 0) {
        throw new IllegalArgumentException(
            where + ": minMonthlyMessages must be 1 or more and unitPriceUsd 0 or more");
      }
      out.add(new PriceTier(p[0].trim(), channel, min, price));
    }
    return out;
  }

  private static List<Resource> resources(List<String> entries) {
    List<Resource> out = new ArrayList<>();
    for (String entry : entries) {
      // The sender may hold colons (an email address does not, a URL might): split at the first
      // and the last.
      int first = entry.indexOf(':');
      int last = entry.lastIndexOf(':');
      String where = "iris.cost-optimization.resources entry '" + entry + "'";
      if (first <= 0 || last <= first + 1) {
        throw new IllegalArgumentException(where + " must be provider:sender:monthlyUsd");
      }
      BigDecimal monthly;
      try {
        monthly = new BigDecimal(entry.substring(last + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": monthlyUsd must be a decimal");
      }
      if (monthly.signum() <= 0) {
        throw new IllegalArgumentException(where + ": monthlyUsd must be more than 0");
      }
      out.add(
          new Resource(
              entry.substring(0, first).trim(), entry.substring(first + 1, last).trim(), monthly));
    }
    return out;
  }

  private static List<String> clean(List<String> entries) {
    return entries == null
        ? List.of()
        : entries.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "iris.cost-optimization." + key + " must be a positive duration, got " + value);
    }
  }

  private static void range(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          "iris.cost-optimization."
              + key
              + " must be from "
              + min
              + " to "
              + max
              + ", got "
              + value);
    }
  }

  /** The same settings with another cycle interval. */
  public CostOptimizationSettings withInterval(Duration every) {
    return new CostOptimizationSettings(
        every,
        switchScoreMargin,
        minSavingsPercent,
        autoApply,
        autoApplyMinSavingsUsd,
        minimalImpactDeliveryRate,
        reviewExpiry,
        reofferAfter,
        watchInterval,
        watchChecks,
        watchMinAttempts,
        revertDeliveryDrop,
        savingsMeasureAfter,
        volumeWindow,
        priceTiers,
        resources,
        idleAfter);
  }

  /** The defaults of iris-platform.yml, for tests and tools without Spring. */
  public static CostOptimizationSettings defaults() {
    return new CostOptimizationSettings(
        Duration.ofHours(1),
        5,
        10,
        true,
        new BigDecimal("50"),
        98,
        Duration.ofHours(72),
        Duration.ofDays(7),
        Duration.ofMinutes(5),
        6,
        20,
        2,
        Duration.ofHours(24),
        Duration.ofHours(24),
        List.of(),
        List.of(),
        Duration.ofDays(30));
  }
}
