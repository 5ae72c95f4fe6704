package io.iris.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.activities.cost.CostOptimizationSettings.Resource;
import io.iris.activities.cost.OpportunityRules.ChannelFigures;
import io.iris.activities.cost.OpportunityRules.Found;
import io.iris.activities.cost.OpportunityRules.ProviderFigures;
import io.iris.workflows.cost.CostOpportunity.Type;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each opportunity rule at its boundaries, with hand-computed savings. */
class OpportunityRulesTest {

  static CostOptimizationSettings settings(List<String> tiers, List<String> resources) {
    CostOptimizationSettings d = CostOptimizationSettings.defaults();
    return new CostOptimizationSettings(
        d.interval(),
        5,
        10,
        true,
        new BigDecimal("50"),
        98,
        d.reviewExpiry(),
        d.reofferAfter(),
        d.watchInterval(),
        d.watchChecks(),
        d.watchMinAttempts(),
        d.revertDeliveryDrop(),
        d.savingsMeasureAfter(),
        d.volumeWindow(),
        tiers,
        resources,
        Duration.ofDays(30));
  }

  static ProviderFigures p(String name, Double score, Double delivery, String unit, long perDay) {
    BigDecimal u = unit == null ? null : new BigDecimal(unit);
    return new ProviderFigures(
        name,
        Optional.ofNullable(score),
        Optional.ofNullable(delivery),
        Optional.ofNullable(u),
        BigDecimal.valueOf(perDay),
        u == null ? BigDecimal.ZERO : u.multiply(BigDecimal.valueOf(perDay)));
  }

  static List<Found> find(List<ProviderFigures> providers) {
    return new OpportunityRules(settings(List.of(), List.of()))
        .find(List.of(new ChannelFigures(Channel.SMS, "twilio", providers)), Set.of());
  }

  @Test
  void aSwitchIsOfferedWithinTheScoreMarginAndNotBeyondIt() {
    List<Found> within =
        find(
            List.of(
                p("twilio", 95.0, 99.0, "0.0079", 24_000), p("telnyx", 90.0, 99.0, "0.0040", 0)));
    assertThat(within).hasSize(1);
    Found f = within.get(0);
    assertThat(f.type()).isEqualTo(Type.PROVIDER_SWITCH);
    assertThat(f.recommendedProvider()).isEqualTo("telnyx");
    // 24,000 x (0.0079 - 0.0040) = 93.6; 24,000 x 0.0079 = 189.6; 0.0039 / 0.0079 = 49.37%
    assertThat(f.savingsUsdPerDay()).isEqualByComparingTo("93.6");
    assertThat(f.currentCostUsdPerDay()).isEqualByComparingTo("189.6");
    assertThat(f.savingsPercent()).isEqualByComparingTo("49.37");
    assertThat(f.dedupKey()).isEqualTo("provider_switch:sms:twilio:telnyx");
    assertThat(f.allowsAutoApply()).isTrue();

    assertThat(
            find(
                List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 24_000),
                    p("telnyx", 89.99, 99.0, "0.0040", 0))))
        .as("5.01 points under: outside the margin")
        .isEmpty();
  }

  @Test
  void aSwitchMustSaveAtLeastTheMinimumShareAMessage() {
    // 10% off 0.0100 is 0.0090: exactly the minimum qualifies, a hair more does not.
    assertThat(
            find(
                List.of(
                    p("twilio", 95.0, 99.0, "0.0100", 1000), p("telnyx", 95.0, 99.0, "0.0090", 0))))
        .singleElement()
        .satisfies(f -> assertThat(f.savingsUsdPerDay()).isEqualByComparingTo("1"));
    assertThat(
            find(
                List.of(
                    p("twilio", 95.0, 99.0, "0.0100", 1000),
                    p("telnyx", 95.0, 99.0, "0.009001", 0))))
        .isEmpty();
  }

  @Test
  void theQualityImpactIsMinimalFrom98PercentDelivery() {
    assertThat(
            find(List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 100), p("telnyx", 95.0, 98.0, "0.0040", 0)))
                .get(0)
                .qualityImpact())
        .isEqualTo("minimal");
    assertThat(
            find(List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 100), p("telnyx", 95.0, 97.99, "0.0040", 0)))
                .get(0)
                .qualityImpact())
        .isEqualTo("moderate");
    assertThat(
            find(List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 100), p("telnyx", 95.0, null, "0.0040", 0)))
                .get(0)
                .qualityImpact())
        .as("no delivery rate yet")
        .isEqualTo("moderate");
  }

  @Test
  void theBestOfSeveralAlternativesIsOfferedAndNothingWithoutTrafficOrScores() {
    assertThat(
            find(List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 1000),
                    p("telnyx", 95.0, 99.0, "0.0050", 0),
                    p("plivo", 93.0, 99.0, "0.0035", 0)))
                .get(0)
                .recommendedProvider())
        .isEqualTo("plivo");
    assertThat(
            find(
                List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 0), p("telnyx", 95.0, 99.0, "0.0040", 0))))
        .as("the current provider carried nothing")
        .isEmpty();
    assertThat(
            find(
                List.of(
                    p("twilio", 95.0, 99.0, "0.0079", 1000), p("telnyx", null, null, "0.0040", 0))))
        .as("the alternative has no score")
        .isEmpty();
  }

  static List<Found> volume(long twilioPerDay, long telnyxPerDay, String tier) {
    return new OpportunityRules(settings(List.of(tier), List.of()))
        .volumeDiscounts(
            new ChannelFigures(
                Channel.SMS,
                "twilio",
                List.of(
                    p("twilio", 95.0, 99.0, "0.0079", twilioPerDay),
                    p("telnyx", 94.0, 99.0, "0.0079", telnyxPerDay))));
  }

  @Test
  void aVolumeTierIsOfferedFromItsMinimumOfTheChannelsMonthlyVolume() {
    // 3,000 + 1,000 a day = 120,000 a month: a tier from 120,000 qualifies, from 120,001 does not.
    List<Found> at = volume(3_000, 1_000, "telnyx:sms:120000:0.0060");
    assertThat(at).singleElement();
    Found f = at.get(0);
    assertThat(f.type()).isEqualTo(Type.VOLUME_DISCOUNT);
    assertThat(f.recommendedProvider()).isEqualTo("telnyx");
    // today 4,000 x 0.0079 = 31.6 a day; at the tier 4,000 x 0.0060 = 24.0: 7.6 (24.05%)
    assertThat(f.currentCostUsdPerDay()).isEqualByComparingTo("31.6");
    assertThat(f.savingsUsdPerDay()).isEqualByComparingTo("7.6");
    assertThat(f.savingsPercent()).isEqualByComparingTo("24.05");
    assertThat(f.allowsAutoApply()).isFalse();
    assertThat(volume(3_000, 1_000, "telnyx:sms:120001:0.0060")).isEmpty();
    assertThat(volume(1_000, 4_000, "telnyx:sms:120000:0.0060"))
        .as("telnyx alone already reaches it")
        .isEmpty();
    assertThat(volume(3_000, 1_000, "telnyx:sms:120000:0.0072"))
        .as("8.86% cheaper: under the 10% minimum")
        .isEmpty();
  }

  @Test
  void anIdleResourceSavesItsMonthlyFeeAndABusyOneNothing() {
    Resource number = new Resource("twilio", "+15550001111", new BigDecimal("1.15"));
    OpportunityRules rules =
        new OpportunityRules(settings(List.of(), List.of("twilio:+15550001111:1.15")));

    List<Found> idle = rules.find(List.of(), Set.of(number));
    assertThat(idle).singleElement();
    assertThat(idle.get(0).type()).isEqualTo(Type.IDLE_RESOURCE);
    // 1.15 / 30
    assertThat(idle.get(0).savingsUsdPerDay()).isEqualByComparingTo("0.038333");
    assertThat(idle.get(0).dedupKey()).isEqualTo("idle_resource:twilio:+15550001111");
    assertThat(rules.find(List.of(), Set.of())).isEmpty();
  }

  @Test
  void badTierAndResourceEntriesAreRefusedNamingTheEntry() {
    assertThatThrownBy(() -> settings(List.of("twilio:sms:100000"), List.of()))
        .hasMessageContaining("price-tiers entry 'twilio:sms:100000'")
        .hasMessageContaining("provider:channel:minMonthlyMessages:unitPriceUsd");
    assertThatThrownBy(() -> settings(List.of("twilio:fax:100000:0.005"), List.of()))
        .hasMessageContaining("unknown channel 'fax'");
    assertThatThrownBy(() -> settings(List.of("twilio:sms:many:0.005"), List.of()))
        .hasMessageContaining("must be a whole number");
    assertThatThrownBy(() -> settings(List.of(), List.of("twilio:+1555:0")))
        .hasMessageContaining("resources entry 'twilio:+1555:0'")
        .hasMessageContaining("more than 0");
    assertThat(settings(List.of(), List.of("webhook:https://hooks.example/a:2.5")).idleCandidates())
        .containsExactly(new Resource("webhook", "https://hooks.example/a", new BigDecimal("2.5")));
  }
}
