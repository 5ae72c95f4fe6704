package io.iris.workflows.routing;

import static io.iris.workflows.routing.HealthFixtures.RULES;
import static io.iris.workflows.routing.HealthFixtures.current;
import static io.iris.workflows.routing.HealthFixtures.healthy;
import static io.iris.workflows.routing.HealthFixtures.input;
import static io.iris.workflows.routing.HealthFixtures.outage;
import static io.iris.workflows.routing.HealthFixtures.same;
import static io.iris.workflows.routing.HealthFixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iris.workflows.routing.EvaluationInput.ProviderWindows;
import io.iris.workflows.routing.EvaluationInput.Rules;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverRulesTest {

  /** The rules on the current scores, as the workflow computes them. */
  static List<FailoverRules.Hit> evaluate(EvaluationInput in) {
    HealthScoring scoring = new HealthScoring(in.policy());
    Map<String, HealthScore> now =
        scoring.scoreChannel(
            in.channels().get(0).providers().stream().map(ProviderWindows::current).toList());
    return FailoverRules.evaluate(in, Map.of(Channel.SMS, now));
  }

  @Test
  void
      givenDeliveryBelowEightyPercent_whenOverExactlyOrMoreThanTheMinimumAttempts_itShouldFailOverOnlyAbove() {
    // 79 of 100 and 79.2% of 101: both below 80%; only the second is over more than 100 attempts.
    assertThat(
            evaluate(
                input(
                    RULES,
                    outage(sms("twilio", 100, 79, 80, "100")),
                    same(healthy("telnyx"), ProviderStatus.HEALTHY))))
        .isEmpty();
    List<FailoverRules.Hit> hits =
        evaluate(
            input(
                RULES,
                outage(sms("twilio", 101, 80, 80, "100")),
                same(healthy("telnyx"), ProviderStatus.HEALTHY)));
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).provider()).isEqualTo("twilio");
    assertThat(hits.get(0).trigger()).isEqualTo(FailoverTrigger.OUTAGE);
    assertThat(hits.get(0).reason())
        .isEqualTo("outage: 79.21% delivered over 101 attempts, below 80%");
  }

  @Test
  void givenDeliveryAtExactlyEightyPercent_whenOverEnoughAttempts_itShouldNotFailOver() {
    assertThat(
            evaluate(
                input(
                    RULES,
                    outage(sms("twilio", 200, 160, 80, "100")),
                    same(healthy("telnyx"), ProviderStatus.HEALTHY))))
        .isEmpty();
  }

  @Test
  void
      givenACurrentScoreJustUnderTheThreshold_whenEvaluated_itShouldFailOverButNotAtTheThreshold() {
    HealthScoring scoring = new HealthScoring(RoutingPolicy.DEFAULTS);
    List<ProviderMetrics> channel =
        List.of(
            HealthFixtures.scoringSixty("twilio"),
            HealthFixtures.scoringJustUnderSixty("telnyx"),
            healthy("plivo"));
    Map<String, HealthScore> scores = scoring.scoreChannel(channel);
    assertThat(scores.get("twilio").overall()).isEqualTo(60.0);
    assertThat(scores.get("telnyx").overall()).isCloseTo(59.99, within(1e-9));

    List<FailoverRules.Hit> hits =
        evaluate(
            input(
                RULES,
                current(channel.get(0)),
                current(channel.get(1)),
                same(channel.get(2), ProviderStatus.HEALTHY)));

    assertThat(hits).extracting(FailoverRules.Hit::provider).containsExactly("telnyx");
    assertThat(hits.get(0).trigger()).isEqualTo(FailoverTrigger.SCORE);
    assertThat(hits.get(0).reason()).isEqualTo("health score 59.99, below 60");
  }

  @Test
  void givenALowCurrentScore_whenItsWindowHoldsFewerCallsThanTheMinimum_itShouldNotBeJudged() {
    List<ProviderMetrics> channel =
        List.of(HealthFixtures.scoringJustUnderSixty("telnyx"), healthy("plivo"));
    long calls = channel.get(0).attempts();
    assertThat(calls).isPositive();
    ProviderWindows telnyx = current(channel.get(0));
    ProviderWindows plivo = same(channel.get(1), ProviderStatus.HEALTHY);

    assertThat(
            evaluate(input(new Rules(true, 100, BigDecimal.valueOf(80), 60, calls), telnyx, plivo)))
        .extracting(FailoverRules.Hit::provider)
        .containsExactly("telnyx");
    assertThat(
            evaluate(
                input(new Rules(true, 100, BigDecimal.valueOf(80), 60, calls + 1), telnyx, plivo)))
        .isEmpty();
  }

  @Test
  void givenEveryProviderInAnOutage_whenEvaluated_itShouldNeverFailOverTheLastUsableOne() {
    ProviderWindows twilio = outage(sms("twilio", 500, 100, 80, "100"));
    ProviderWindows telnyx = outage(sms("telnyx", 500, 100, 80, "100"));

    assertThat(evaluate(input(RULES, twilio, telnyx)))
        .extracting(FailoverRules.Hit::provider)
        .containsExactly("twilio");
    assertThat(evaluate(input(RULES, telnyx))).as("a channel's sole provider").isEmpty();
    ProviderWindows plivoFailedOver =
        new ProviderWindows(
            healthy("plivo"), healthy("plivo"), healthy("plivo"), ProviderStatus.FAILED_OVER, 1);
    assertThat(evaluate(input(RULES, plivoFailedOver, telnyx)))
        .as("a failed-over provider is not usable, so telnyx is the last one")
        .isEmpty();
  }

  @Test
  void givenARecoveringProviderInAnOutage_whenEvaluated_itShouldFailItOverAgain() {
    ProviderMetrics bad = sms("twilio", 500, 100, 80, "100");
    ProviderWindows recovering =
        new ProviderWindows(
            healthy("twilio"), healthy("twilio"), bad, ProviderStatus.RECOVERING, 5);

    assertThat(evaluate(input(RULES, recovering, same(healthy("telnyx"), ProviderStatus.HEALTHY))))
        .extracting(FailoverRules.Hit::provider)
        .containsExactly("twilio");
  }

  @Test
  void givenAutomaticFailoverOff_whenAProviderIsDown_itShouldFailNothingOver() {
    Rules off = new Rules(false, 100, BigDecimal.valueOf(80), 60, 1);

    assertThat(
            evaluate(
                input(
                    off,
                    outage(sms("twilio", 500, 0, 80, "0")),
                    same(healthy("telnyx"), ProviderStatus.HEALTHY))))
        .isEmpty();
  }

  @Test
  void givenAnIdleProvider_whenItsCurrentScoreIsLowForLackOfData_itShouldNotFailItOver() {
    ProviderMetrics idle = sms("twilio", 0, 0, 0, "100");
    assertThat(
            new HealthScoring(RoutingPolicy.DEFAULTS)
                .score(idle, new BigDecimal("0.008"))
                .overall())
        .isLessThan(60);

    assertThat(
            evaluate(input(RULES, current(idle), same(healthy("telnyx"), ProviderStatus.HEALTHY))))
        .isEmpty();
  }
}
