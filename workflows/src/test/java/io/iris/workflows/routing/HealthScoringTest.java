package io.iris.workflows.routing;

import static io.iris.workflows.routing.RoutingFixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seed 000 §7.1: every step of every table just below, at and just above it, the weights, and the
 * recommend threshold. Expected points are worked out by hand from the seed's table (lines
 * 1422-1469), not by the code under test.
 */
class HealthScoringTest {

  private static final Offset<Double> EXACT = within(1e-9);
  private static final HealthScoring SCORING = new HealthScoring(RoutingPolicy.DEFAULTS);

  /** Delivery rate as {@code delivered} of 10 000 outcomes (so 99.49% is 9949), seed 1427-1433. */
  @ParameterizedTest(name = "{0}% delivered -> {1}")
  @CsvSource({
    "100.00, 100",
    "99.51, 100",
    "99.50, 100",
    "99.49, 95",
    "99.01, 95",
    "99.00, 95",
    "98.99, 90",
    "98.51, 90",
    "98.50, 90",
    "98.49, 85",
    "98.01, 85",
    "98.00, 85",
    "97.99, 75",
    "97.01, 75",
    "97.00, 75",
    "96.99, 60",
    "95.01, 60",
    "95.00, 60",
    "94.99, 49.99",
    "80.00, 35",
    "45.01, 0.01",
    "45.00, 0",
    "44.99, 0",
    "0.00, 0"
  })
  void givenADeliveryRate_whenScored_itShouldScoreTheSeedsStep(String ratePercent, double points) {
    long delivered = new BigDecimal(ratePercent).multiply(BigDecimal.valueOf(100)).longValueExact();
    ProviderMetrics metrics = sms("twilio", delivered, 10_000, 50, "0.008", "100");

    assertThat(HealthScoring.deliveryScore(metrics)).isCloseTo(points, EXACT);
  }

  @Test
  void givenARateOnAStepFromFewOutcomes_whenScored_itShouldScoreThatStepExactly() {
    // 197 of 200 is exactly 98.5%; 591 of 600 exactly 98.5% too.
    assertThat(HealthScoring.deliveryScore(sms("twilio", 197, 200, 50, "0.008", "100")))
        .isEqualTo(90);
    assertThat(HealthScoring.deliveryScore(sms("twilio", 591, 600, 50, "0.008", "100")))
        .isEqualTo(90);
    // one delivery fewer is below the step
    assertThat(HealthScoring.deliveryScore(sms("twilio", 590, 600, 50, "0.008", "100")))
        .isEqualTo(85);
  }

  /** Seed 1441-1444; between steps the seed's straight lines, computed by hand. */
  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource({
    "0, 100",
    "99.99, 100",
    "100, 90",
    "100.01, 89.99975",
    "300, 85",
    "499.99, 80.00025",
    "500, 80",
    "500.01, 79.9996",
    "750, 70",
    "999.99, 60.0004",
    "1000, 60",
    "1000.01, 59.9999",
    "2000, 50",
    "6999.99, 0.0001",
    "7000, 0",
    "7000.01, 0",
    "60000, 0"
  })
  void givenAMeanLatency_whenScored_itShouldScoreTheSeedsStep(double meanMs, double points) {
    assertThat(HealthScoring.latencyScore(meanMs)).isCloseTo(points, EXACT);
  }

  /** Seed 1463-1468. */
  @ParameterizedTest(name = "{0}% up -> {1}")
  @CsvSource({
    "100, 100",
    "99.991, 100",
    "99.99, 100",
    "99.989, 95",
    "99.901, 95",
    "99.9, 95",
    "99.899, 90",
    "99.501, 90",
    "99.5, 90",
    "99.499, 80",
    "99.001, 80",
    "99.0, 80",
    "98.999, 70",
    "98.001, 70",
    "98.0, 70",
    "97.999, 69.999",
    "90, 62",
    "28.1, 0.1",
    "28, 0",
    "27.9, 0",
    "0, 0"
  })
  void givenAnUptime_whenScored_itShouldScoreTheSeedsStep(String uptimePercent, double points) {
    assertThat(HealthScoring.reliabilityScore(new BigDecimal(uptimePercent)))
        .isCloseTo(points, EXACT);
  }

  /** Seed 1451-1456, against a channel average of $0.0100. */
  @ParameterizedTest(name = "${0} vs $0.0100 -> {1}")
  @CsvSource({
    "0, 100",
    "0.0069, 100",
    "0.0070, 100",
    "0.0071, 90",
    "0.0089, 90",
    "0.0090, 90",
    "0.0091, 80",
    "0.0099, 80",
    "0.0100, 80",
    "0.0101, 70",
    "0.0109, 70",
    "0.0110, 70",
    "0.0111, 60",
    "0.0129, 60",
    "0.0130, 60",
    "0.0131, 59",
    "0.0160, 30",
    "0.0189, 1",
    "0.0190, 0",
    "0.0191, 0",
    "0.1000, 0"
  })
  void givenACostAgainstTheChannelAverage_whenScored_itShouldScoreTheSeedsStep(
      String costUsd, double points) {
    assertThat(HealthScoring.costScore(new BigDecimal(costUsd), new BigDecimal("0.0100")))
        .isCloseTo(points, EXACT);
  }

  @Test
  void givenACostOnAStepThatFloatingPointMisses_whenScored_itShouldScoreThatStep() {
    // 0.01 * 0.7 in doubles is 0.006999999999999999, which would put $0.007 a step lower.
    assertThat(0.007 <= 0.01 * 0.7).isFalse();
    assertThat(HealthScoring.costScore(new BigDecimal("0.007"), new BigDecimal("0.01")))
        .isEqualTo(100);
  }

  @Test
  void givenAFreeChannel_whenCostScored_itShouldScoreFreeAsFullAndAnyPriceAsZero() {
    assertThat(HealthScoring.costScore(BigDecimal.ZERO, BigDecimal.ZERO)).isEqualTo(100);
    assertThat(HealthScoring.costScore(new BigDecimal("0.0001"), BigDecimal.ZERO)).isEqualTo(0);
  }

  /**
   * Each part alone at 100 and the others at 0 gives that part's weight (seed 1383-1388): delivery
   * 100% (100), latency 7 s (0), uptime 20% (0), cost 2× the average (0), and so on.
   */
  @ParameterizedTest(name = "{0} alone -> {5}")
  @CsvSource({
    "delivery, 10000, 7000, 20, 0.0200, 40",
    "latency, 0, 50, 20, 0.0200, 25",
    "reliability, 0, 7000, 99.99, 0.0200, 25",
    "cost, 0, 7000, 20, 0.0050, 10",
    "all, 10000, 50, 99.99, 0.0050, 100",
    "none, 0, 7000, 20, 0.0200, 0"
  })
  void givenOnePartAtFullMarks_whenScored_itShouldWeighItAsTheSeedSays(
      String part, long delivered, double latencyMs, String uptime, String cost, double overall) {
    ProviderMetrics metrics = sms("twilio", delivered, 10_000, latencyMs, cost, uptime);

    HealthScore score = SCORING.score(metrics, new BigDecimal("0.0100"));

    assertThat(score.overall()).as(part).isCloseTo(overall, EXACT);
  }

  @Test
  void givenMixedParts_whenScored_itShouldReturnEachPartAndTheirWeightedSum() {
    // 98% → 85, 300 ms → 85, 99.5% up → 90, cost at the average → 80
    ProviderMetrics metrics = sms("twilio", 980, 1000, 300, "0.0100", "99.5");

    HealthScore score = SCORING.score(metrics, new BigDecimal("0.0100"));

    assertThat(score.delivery()).isEqualTo(85);
    assertThat(score.latency()).isCloseTo(85, EXACT);
    assertThat(score.reliability()).isEqualTo(90);
    assertThat(score.cost()).isEqualTo(80);
    // 0.40 × 85 + 0.25 × 85 + 0.25 × 90 + 0.10 × 80 = 34 + 21.25 + 22.5 + 8
    assertThat(score.overall()).isCloseTo(85.75, EXACT);
    assertThat(score.recommended()).isFalse();
  }

  /**
   * Everything perfect except latency: overall = 75 + latency / 4. 1004 ms → 59.96 → 89.99; 1000 ms
   * → 60 → 90; 999 ms → 60.04 → 90.01.
   */
  @ParameterizedTest(name = "{0} ms -> overall {1}, recommended {2}")
  @CsvSource({"1004, 89.99, false", "1000, 90, true", "999, 90.01, true"})
  void givenAnOverallAroundNinety_whenScored_itShouldRecommendFromNinetyOn(
      double latencyMs, double overall, boolean recommended) {
    ProviderMetrics metrics = sms("twilio", 1000, 1000, latencyMs, "0.0050", "100");

    HealthScore score = SCORING.score(metrics, new BigDecimal("0.0100"));

    assertThat(score.overall()).isCloseTo(overall, EXACT);
    assertThat(score.recommended()).isEqualTo(recommended);
  }

  @Test
  void givenPartsThatSumToExactlyNinety_whenScored_itShouldBeExactlyNinetyAndRecommended() {
    ProviderMetrics metrics = sms("twilio", 1000, 1000, 1000, "0.0050", "100");

    HealthScore score = SCORING.score(metrics, new BigDecimal("0.0100"));

    assertThat(score.overall()).isEqualTo(90.0);
    assertThat(score.recommended()).isTrue();
  }

  @Test
  void givenAnOverallThatRoundsToNinety_whenScored_itShouldStillNotBeRecommended() {
    // 1160 ms → latency 58.4 → overall 89.6: displays as 90, decides as 89.6 (seed 1408 vs 1412)
    ProviderMetrics metrics = sms("twilio", 1000, 1000, 1160, "0.0050", "100");

    HealthScore score = SCORING.score(metrics, new BigDecimal("0.0100"));

    assertThat(score.overall()).isCloseTo(89.6, EXACT);
    assertThat(score.overallRounded()).isEqualTo(90);
    assertThat(score.recommended()).isFalse();
  }

  @Test
  void givenAStricterPolicy_whenScored_itShouldRecommendFromItsThreshold() {
    ProviderMetrics metrics = sms("twilio", 1000, 1000, 1000, "0.0050", "100"); // overall 90

    HealthScore score =
        new HealthScoring(new RoutingPolicy(95, 85)).score(metrics, new BigDecimal("0.0100"));

    assertThat(score.overall()).isEqualTo(90.0);
    assertThat(score.recommended()).isFalse();
  }

  @Test
  void givenNoOutcomesAndNoCalls_whenScored_itShouldScoreDeliveryAndLatencyZero() {
    ProviderMetrics idle = sms("telnyx", 0, 0, 0, "0.0050", "100");

    HealthScore score = SCORING.score(idle, new BigDecimal("0.0100"));

    assertThat(score.delivery()).isEqualTo(0);
    assertThat(score.latency()).isEqualTo(0);
    assertThat(score.reliability()).isEqualTo(100);
    assertThat(score.cost()).isEqualTo(100);
    assertThat(score.overall()).isCloseTo(35, EXACT); // 0.25 × 100 + 0.10 × 100
    assertThat(score.recommended()).isFalse();
  }

  @Test
  void givenCallsButNoKnownOutcome_whenScored_itShouldScoreLatencyButNotDelivery() {
    ProviderMetrics waiting =
        new ProviderMetrics(
            "telnyx",
            Channel.SMS,
            10,
            10,
            0,
            0,
            50,
            40,
            80,
            90,
            new BigDecimal("0.0050"),
            new BigDecimal("100"));

    HealthScore score = SCORING.score(waiting, new BigDecimal("0.0100"));

    assertThat(score.delivery()).isEqualTo(0);
    assertThat(score.latency()).isEqualTo(100);
  }

  @Test
  void givenAChannelsProviders_whenScoredTogether_itShouldJudgeEachCostAgainstTheirMean() {
    // mean of 0.006, 0.008, 0.010 is 0.008: 0.75× → 90, 1× → 80, 1.25× → 60
    List<ProviderMetrics> channel =
        List.of(
            sms("plivo", 990, 1000, 200, "0.006", "99.9"),
            sms("twilio", 990, 1000, 200, "0.008", "99.9"),
            sms("telnyx", 990, 1000, 200, "0.010", "99.9"));

    Map<String, HealthScore> scores = SCORING.scoreChannel(channel);

    assertThat(HealthScoring.channelAverageCost(channel)).isEqualByComparingTo("0.008");
    assertThat(scores.keySet()).containsExactly("plivo", "twilio", "telnyx");
    assertThat(scores.get("plivo").cost()).isEqualTo(90);
    assertThat(scores.get("twilio").cost()).isEqualTo(80);
    assertThat(scores.get("telnyx").cost()).isEqualTo(60);
  }

  @Test
  void givenProvidersOfTwoChannelsOrTwiceTheSame_whenScoredTogether_itShouldRefuse() {
    ProviderMetrics sms = sms("twilio");
    ProviderMetrics email =
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
            new BigDecimal("100"));

    assertThatThrownBy(() -> SCORING.scoreChannel(List.of(sms, email)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one channel");
    assertThatThrownBy(() -> SCORING.scoreChannel(List.of(sms, sms("twilio"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twilio given twice");
    assertThatThrownBy(() -> SCORING.scoreChannel(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
