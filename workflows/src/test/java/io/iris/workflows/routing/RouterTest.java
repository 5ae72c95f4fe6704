package io.iris.workflows.routing;

import static io.iris.workflows.routing.RoutingFixtures.candidate;
import static io.iris.workflows.routing.RoutingFixtures.score;
import static io.iris.workflows.routing.RoutingFixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.routing.RouteDecision.Rule;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seed 000 §7.2 and §7.3: the router's rules, the tenant's requirements, ties and the reasons. */
class RouterTest {

  private static final Router ROUTER = new Router(RoutingPolicy.DEFAULTS);
  private static final TenantRequirements NONE = TenantRequirements.NONE;

  // The rules.

  @Test
  void givenSeveralRecommendedProviders_whenRouted_itShouldMakeTheBestOnePrimary() {
    RouteDecision decision =
        ROUTER.decide(
            List.of(candidate("twilio", 92), candidate("telnyx", 95), candidate("plivo", 91)),
            NONE);

    assertThat(decision.providers()).containsExactly("telnyx", "twilio", "plivo");
    assertThat(decision.primary()).isEqualTo("telnyx");
    assertThat(decision.rule()).isEqualTo(Rule.RECOMMENDED);
    assertThat(decision.requirementsWaived()).isFalse();
  }

  @Test
  void givenTheTopRankedProviderBelowNinetyNow_whenRouted_itShouldTakeTheFirstBackupAtEightyFive() {
    // ranked twilio, telnyx, plivo; now twilio 60, telnyx 84 (below 85), plivo 88
    RouteDecision decision =
        ROUTER.decide(
            List.of(
                candidate("twilio", 96, 60),
                candidate("telnyx", 93, 84),
                candidate("plivo", 91, 88)),
            NONE);

    assertThat(decision.rule()).isEqualTo(Rule.BACKUP);
    assertThat(decision.providers()).containsExactly("plivo", "telnyx", "twilio");
  }

  @Test
  void givenTwoBackupsAtEightyFive_whenRouted_itShouldTakeTheFirstInRankNotTheHealthiest() {
    RouteDecision decision =
        ROUTER.decide(
            List.of(
                candidate("twilio", 96, 60),
                candidate("telnyx", 93, 86),
                candidate("plivo", 91, 95)),
            NONE);

    assertThat(decision.rule()).isEqualTo(Rule.BACKUP);
    assertThat(decision.providers()).containsExactly("telnyx", "plivo", "twilio");
  }

  @ParameterizedTest(name = "top-ranked now {0} -> {1}")
  @CsvSource({"89.99, BACKUP, telnyx", "90, RECOMMENDED, twilio", "90.01, RECOMMENDED, twilio"})
  void givenTheTopRankedAroundNinetyNow_whenRouted_itShouldKeepItFromNinetyOn(
      double now, Rule rule, String primary) {
    RouteDecision decision =
        ROUTER.decide(List.of(candidate("twilio", 96, now), candidate("telnyx", 93, 92)), NONE);

    assertThat(decision.rule()).isEqualTo(rule);
    assertThat(decision.primary()).isEqualTo(primary);
  }

  @ParameterizedTest(name = "backup now {0} -> {1}")
  @CsvSource({"84.99, LEAST_BAD, plivo", "85, BACKUP, telnyx", "85.01, BACKUP, telnyx"})
  void givenABackupAroundEightyFiveNow_whenRouted_itShouldTakeItFromEightyFiveOn(
      double now, Rule rule, String primary) {
    // below 85, telnyx is no backup and plivo (84.995 now) is the least bad
    RouteDecision decision =
        ROUTER.decide(
            List.of(
                candidate("twilio", 96, 50),
                candidate("telnyx", 93, now),
                candidate("plivo", 91, 84.995)),
            NONE);

    assertThat(decision.rule()).isEqualTo(rule);
    assertThat(decision.primary()).isEqualTo(primary);
  }

  @Test
  void givenNobodyAtEightyFive_whenRouted_itShouldTakeTheLeastBadNow() {
    RouteDecision decision =
        ROUTER.decide(
            List.of(
                candidate("twilio", 96, 70),
                candidate("telnyx", 93, 80),
                candidate("plivo", 91, 75)),
            NONE);

    assertThat(decision.rule()).isEqualTo(Rule.LEAST_BAD);
    assertThat(decision.providers()).containsExactly("telnyx", "plivo", "twilio");
  }

  @Test
  void givenABackupAtEightyFiveButWorseThanTheTopRanked_whenRouted_itShouldKeepTheTopRanked() {
    // The seed would leave twilio (88 now) for telnyx (86 now); the router keeps the better one.
    RouteDecision decision =
        ROUTER.decide(List.of(candidate("twilio", 95, 88), candidate("telnyx", 90, 86)), NONE);

    assertThat(decision.rule()).isEqualTo(Rule.LEAST_BAD);
    assertThat(decision.providers()).containsExactly("twilio", "telnyx");
  }

  @Test
  void givenOneWindowOnly_whenNobodyIsRecommended_itShouldStillChooseTheBestScore() {
    RouteDecision decision =
        ROUTER.decide(List.of(candidate("twilio", 86), candidate("telnyx", 88)), NONE);

    assertThat(decision.providers()).containsExactly("telnyx", "twilio");
    assertThat(decision.rule()).isEqualTo(Rule.LEAST_BAD);
  }

  @Test
  void givenOtherThresholds_whenRouted_itShouldApplyThePolicyGiven() {
    List<RouteCandidate> candidates =
        List.of(candidate("twilio", 96, 92), candidate("telnyx", 93, 93));

    assertThat(ROUTER.decide(candidates, NONE).primary()).isEqualTo("twilio");
    RouteDecision strict = new Router(new RoutingPolicy(95, 85)).decide(candidates, NONE);
    assertThat(strict.rule()).isEqualTo(Rule.BACKUP);
    assertThat(strict.primary()).isEqualTo("telnyx");
  }

  // Ties.

  @Test
  void givenEqualScores_whenRouted_itShouldKeepTheConfiguredOrder() {
    assertThat(
            ROUTER
                .decide(
                    List.of(
                        candidate("twilio", 95), candidate("telnyx", 95), candidate("plivo", 95)),
                    NONE)
                .providers())
        .containsExactly("twilio", "telnyx", "plivo");
    assertThat(
            ROUTER
                .decide(
                    List.of(
                        candidate("plivo", 95), candidate("twilio", 95), candidate("telnyx", 95)),
                    NONE)
                .providers())
        .containsExactly("plivo", "twilio", "telnyx");
  }

  @Test
  void givenEqualHealthNow_whenTheFailoverOrderIsMade_itShouldKeepTheRankOrder() {
    // primary telnyx; twilio and plivo both 70 now, twilio ranked above plivo
    RouteDecision decision =
        ROUTER.decide(
            List.of(
                candidate("plivo", 91, 70),
                candidate("twilio", 97, 70),
                candidate("telnyx", 93, 88)),
            NONE);

    assertThat(decision.providers()).containsExactly("telnyx", "twilio", "plivo");
  }

  // Tenant requirements.

  @ParameterizedTest(name = "{0} of 1000 delivered vs minimum 98% -> twilio kept: {1}")
  @CsvSource({"979, false", "980, true", "981, true"})
  void givenAMinimumDeliveryRate_whenRouted_itShouldLeaveOutProvidersBelowIt(
      long delivered, boolean kept) {
    RouteCandidate twilio =
        RouteCandidate.of(sms("twilio", delivered, 1000, 200, "0.008", "99.9"), score(97));
    RouteCandidate telnyx = RouteCandidate.of(sms("telnyx"), score(91));

    RouteDecision decision =
        ROUTER.decide(
            List.of(twilio, telnyx), NONE.withMinDeliveryRatePercent(new BigDecimal("98")));

    assertThat(decision.providers())
        .isEqualTo(kept ? List.of("twilio", "telnyx") : List.of("telnyx"));
  }

  @ParameterizedTest(name = "{0} ms vs maximum 1000 ms -> twilio kept: {1}")
  @CsvSource({"999.9, true", "1000, true", "1000.1, false"})
  void givenAMaximumLatency_whenRouted_itShouldLeaveOutProvidersAboveIt(
      double latencyMs, boolean kept) {
    RouteCandidate twilio =
        RouteCandidate.of(sms("twilio", 990, 1000, latencyMs, "0.008", "99.9"), score(97));
    RouteCandidate telnyx = RouteCandidate.of(sms("telnyx"), score(91));

    RouteDecision decision = ROUTER.decide(List.of(twilio, telnyx), NONE.withMaxLatencyMs(1000));

    assertThat(decision.providers())
        .isEqualTo(kept ? List.of("twilio", "telnyx") : List.of("telnyx"));
  }

  @ParameterizedTest(name = "${0} vs maximum $0.0080 -> twilio kept: {1}")
  @CsvSource({"0.0079, true", "0.0080, true", "0.0081, false"})
  void givenAMaximumCost_whenRouted_itShouldLeaveOutProvidersAboveIt(String cost, boolean kept) {
    RouteCandidate twilio =
        RouteCandidate.of(sms("twilio", 990, 1000, 200, cost, "99.9"), score(97));
    RouteCandidate telnyx =
        RouteCandidate.of(sms("telnyx", 990, 1000, 200, "0.006", "99.9"), score(91));

    RouteDecision decision =
        ROUTER.decide(
            List.of(twilio, telnyx), NONE.withMaxCostPerMessageUsd(new BigDecimal("0.0080")));

    assertThat(decision.providers())
        .isEqualTo(kept ? List.of("twilio", "telnyx") : List.of("telnyx"));
  }

  @Test
  void givenNoDeliveryRateOrLatencyYet_whenTheTenantRequiresThem_itShouldLeaveTheProviderOut() {
    RouteCandidate idle = RouteCandidate.of(sms("telnyx", 0, 0, 0, "0.006", "100"), score(35));
    RouteCandidate twilio = RouteCandidate.of(sms("twilio"), score(91));

    assertThat(
            ROUTER
                .decide(List.of(idle, twilio), NONE.withMinDeliveryRatePercent(BigDecimal.ONE))
                .providers())
        .containsExactly("twilio");
    assertThat(ROUTER.decide(List.of(idle, twilio), NONE.withMaxLatencyMs(5000)).providers())
        .containsExactly("twilio");
  }

  @Test
  void givenRequirementsNobodyMeets_whenRouted_itShouldRouteOnScoresAloneAndSaySo() {
    RouteCandidate twilio =
        RouteCandidate.of(sms("twilio", 975, 1000, 200, "0.008", "99.9"), score(93));
    RouteCandidate telnyx =
        RouteCandidate.of(sms("telnyx", 970, 1000, 1200, "0.009", "99.9"), score(95));

    RouteDecision decision =
        ROUTER.decide(
            List.of(twilio, telnyx),
            NONE.withMinDeliveryRatePercent(new BigDecimal("98")).withMaxLatencyMs(1000));

    assertThat(decision.requirementsWaived()).isTrue();
    assertThat(decision.providers()).containsExactly("telnyx", "twilio");
    assertThat(decision.rule()).isEqualTo(Rule.RECOMMENDED);
    assertThat(decision.reason())
        .isEqualTo(
            "no provider meets the tenant's requirements (twilio (delivery rate 97.5% below 98%),"
                + " telnyx (delivery rate 97% below 98%, latency 1200 ms above 1000 ms));"
                + " routing on scores alone: telnyx: best overall score (95 vs 93 for twilio)");
  }

  // Reasons.

  @Test
  void givenAClearlyBetterPrimary_whenRouted_itShouldSayByHowMuchFromTheFigures() {
    // twilio 99.6% / 120 ms / $0.0066, telnyx 98.6% / 200 ms / $0.0075 (12% dearer)
    RouteCandidate twilio =
        RouteCandidate.of(
            sms("twilio", 996, 1000, 120, "0.0066", "99.9"), score(95, 100, 90, 95, 90));
    RouteCandidate telnyx =
        RouteCandidate.of(
            sms("telnyx", 986, 1000, 200, "0.0075", "99.9"), score(91, 90, 80, 95, 70));

    RouteDecision decision = ROUTER.decide(List.of(telnyx, twilio), NONE);

    assertThat(decision.reason())
        .isEqualTo(
            "twilio: better delivery rate (99.6% vs 98.6%), 80 ms faster, 12% cheaper than telnyx"
                + " (score 95 vs 91)");
  }

  @Test
  void givenDifferencesOnlyAtTheSeedsMargins_whenRouted_itShouldSayBestOverallScore() {
    // delivery and latency 5 points better, cost 10 points better: the seed mentions none (>)
    RouteCandidate twilio =
        RouteCandidate.of(
            sms("twilio", 996, 1000, 120, "0.0066", "99.9"), score(95, 95, 90, 95, 90));
    RouteCandidate telnyx =
        RouteCandidate.of(
            sms("telnyx", 986, 1000, 200, "0.0075", "99.9"), score(91, 90, 85, 95, 80));

    RouteDecision decision = ROUTER.decide(List.of(twilio, telnyx), NONE);

    assertThat(decision.reason()).isEqualTo("twilio: best overall score (95 vs 91 for telnyx)");
  }

  @Test
  void givenADegradedPrimary_whenABackupTakesOver_itShouldSayWhy() {
    RouteDecision decision =
        ROUTER.decide(List.of(candidate("twilio", 96, 72.5), candidate("telnyx", 93, 88)), NONE);

    assertThat(decision.reason())
        .isEqualTo(
            "telnyx: twilio scores 72.5, below 90; telnyx is the first backup scoring 85 or more"
                + " (88)");
  }

  @Test
  void givenEveryProviderDegraded_whenRouted_itShouldSayItIsTheLeastBad() {
    RouteDecision decision =
        ROUTER.decide(List.of(candidate("twilio", 96, 70), candidate("telnyx", 93, 80.25)), NONE);

    assertThat(decision.reason())
        .isEqualTo("telnyx: no provider scores 85 or more; least bad (80.25 vs 70 for twilio)");
  }

  @Test
  void givenOnlyOneProviderMeetsTheMinimumDeliveryRate_whenRouted_itShouldSaySo() {
    RouteCandidate twilio =
        RouteCandidate.of(sms("twilio", 975, 1000, 200, "0.008", "99.9"), score(97));
    RouteCandidate telnyx = RouteCandidate.of(sms("telnyx"), score(91));

    RouteDecision decision =
        ROUTER.decide(
            List.of(twilio, telnyx), NONE.withMinDeliveryRatePercent(new BigDecimal("98")));

    assertThat(decision.providers()).containsExactly("telnyx");
    assertThat(decision.reason())
        .isEqualTo(
            "telnyx: only provider meeting the tenant's minimum delivery rate of 98% (score 91);"
                + " left out: twilio (delivery rate 97.5% below 98%)");
  }

  @Test
  void givenASingleProvider_whenBelowNinety_itShouldSaySoInTheReason() {
    RouteDecision decision = ROUTER.decide(List.of(candidate("twilio", 80)), NONE);

    assertThat(decision.rule()).isEqualTo(Rule.LEAST_BAD);
    assertThat(decision.reason()).isEqualTo("twilio: only provider (score 80, below 90)");
  }

  // Bad input.

  @Test
  void givenNoCandidatesDuplicatesOrMixedChannels_whenRouted_itShouldRefuse() {
    RouteCandidate email =
        RouteCandidate.of(
            new ProviderMetrics(
                "sendgrid",
                Channel.EMAIL,
                1,
                1,
                1,
                0,
                1,
                1,
                1,
                1,
                new BigDecimal("0.001"),
                new BigDecimal("100")),
            score(95));

    assertThatThrownBy(() -> ROUTER.decide(List.of(), NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one candidate");
    assertThatThrownBy(
            () -> ROUTER.decide(List.of(candidate("twilio", 95), candidate("twilio", 90)), NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twilio given twice");
    assertThatThrownBy(() -> ROUTER.decide(List.of(candidate("twilio", 95), email), NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one channel");
  }
}
