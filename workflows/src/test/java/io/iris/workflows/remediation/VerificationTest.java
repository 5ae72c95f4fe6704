package io.iris.workflows.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {

  static VerifyCondition condition(boolean allowUnproven, VerifyCondition.Expression... all) {
    return new VerifyCondition(
        VerifyCondition.Scope.CHANNEL, 20, allowUnproven, List.of(all), List.of());
  }

  static final VerifyCondition.Expression CALLS_AT_LEAST_98 =
      expr(VerifyCondition.Metric.CALL_SUCCESS_PERCENT, VerifyCondition.Comparison.GE, 98, false);

  /** Calls must succeed; the delivery rate must hold where outcomes are known. */
  static final VerifyCondition CALLS_THEN_RATE =
      new VerifyCondition(
          VerifyCondition.Scope.CHANNEL,
          20,
          false,
          List.of(CALLS_AT_LEAST_98),
          List.of(
              expr(
                  VerifyCondition.Metric.DELIVERY_RATE_PERCENT,
                  VerifyCondition.Comparison.GE,
                  98,
                  false)));

  static VerifyCondition.Expression expr(
      VerifyCondition.Metric metric,
      VerifyCondition.Comparison op,
      double value,
      boolean timesExpected) {
    return new VerifyCondition.Expression(metric, op, value, timesExpected);
  }

  static ScopeMetrics fresh(long samples, Map<String, Double> values) {
    return new ScopeMetrics(VerifyCondition.Scope.CHANNEL, 0, 1, samples, values);
  }

  static final VerifyCondition.Expression RATE_AT_LEAST_98 =
      expr(VerifyCondition.Metric.DELIVERY_RATE_PERCENT, VerifyCondition.Comparison.GE, 98, false);

  @Test
  void givenARateOnTheThreshold_whenChecked_itShouldBeVerified() {
    Verification.Result r =
        Verification.check(
            condition(false, RATE_AT_LEAST_98),
            fresh(20, Map.of("delivery_rate_percent", 98.0)),
            99);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.VERIFIED);
    assertThat(r.accepted()).isTrue();
    assertThat(r.detail()).isEqualTo("delivery_rate_percent 98 >= 98 (20 samples)");
  }

  @Test
  void givenARateJustUnderTheThreshold_whenChecked_itShouldNotBeVerified() {
    Verification.Result r =
        Verification.check(
            condition(true, RATE_AT_LEAST_98),
            fresh(500, Map.of("delivery_rate_percent", 97.99)),
            99);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.NOT_VERIFIED);
    assertThat(r.accepted()).as("allowUnproven does not excuse a failure").isFalse();
    assertThat(r.detail()).contains("97.99 not >= 98");
  }

  @Test
  void givenOneSampleShortOfTheMinimum_whenChecked_itShouldBeUnproven() {
    ScopeMetrics few = fresh(19, Map.of("delivery_rate_percent", 100.0));
    Verification.Result strict = Verification.check(condition(false, RATE_AT_LEAST_98), few, 99);
    Verification.Result lenient = Verification.check(condition(true, RATE_AT_LEAST_98), few, 99);
    assertThat(strict.verdict()).isEqualTo(Verification.Verdict.UNPROVEN);
    assertThat(strict.accepted()).isFalse();
    assertThat(strict.detail()).contains("19 samples, fewer than the 20");
    assertThat(lenient.verdict()).isEqualTo(Verification.Verdict.UNPROVEN);
    assertThat(lenient.accepted()).isTrue();
  }

  @Test
  void givenAThresholdTimesExpected_whenChecked_itShouldScaleByTheAnomalysExpectedValue() {
    VerifyCondition latency =
        condition(
            false,
            expr(VerifyCondition.Metric.P95_LATENCY_MS, VerifyCondition.Comparison.LT, 1.5, true));
    assertThat(
            Verification.check(latency, fresh(30, Map.of("p95_latency_ms", 1499.0)), 1000)
                .verdict())
        .isEqualTo(Verification.Verdict.VERIFIED);
    assertThat(
            Verification.check(latency, fresh(30, Map.of("p95_latency_ms", 1500.0)), 1000)
                .verdict())
        .isEqualTo(Verification.Verdict.NOT_VERIFIED);
  }

  @Test
  void givenEveryExpressionButOne_whenChecked_itShouldNotBeVerified() {
    VerifyCondition both =
        condition(
            false,
            RATE_AT_LEAST_98,
            expr(VerifyCondition.Metric.P95_LATENCY_MS, VerifyCondition.Comparison.LE, 500, false));
    Verification.Result r =
        Verification.check(
            both, fresh(50, Map.of("delivery_rate_percent", 99.0, "p95_latency_ms", 501.0)), 0);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.NOT_VERIFIED);
    assertThat(r.detail()).contains("p95_latency_ms 501 not <= 500").doesNotContain("99");
  }

  @Test
  void givenAMetricWithoutData_whenChecked_itShouldBeUnproven() {
    Verification.Result r =
        Verification.check(condition(false, RATE_AT_LEAST_98), fresh(50, Map.of()), 0);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.UNPROVEN);
    assertThat(r.detail()).contains("no data for delivery_rate_percent");
  }

  @Test
  void givenNoFreshMetrics_whenChecked_itShouldBeUnproven() {
    Verification.Result r = Verification.check(condition(false, RATE_AT_LEAST_98), null, 0);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.UNPROVEN);
    assertThat(r.accepted()).isFalse();
  }

  @Test
  void givenNoDeliveryOutcomesYet_whenAWhenMeasuredExpressionIsChecked_itShouldBePassedOver() {
    Verification.Result r =
        Verification.check(CALLS_THEN_RATE, fresh(150, Map.of("call_success_percent", 100.0)), 0);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.VERIFIED);
    assertThat(r.detail())
        .isEqualTo(
            "call_success_percent 100 >= 98 (150 samples; no data yet for delivery_rate_percent,"
                + " passed over)");
  }

  @Test
  void givenDeliveryOutcomes_whenAWhenMeasuredExpressionFails_itShouldNotBeVerified() {
    Verification.Result r =
        Verification.check(
            CALLS_THEN_RATE,
            fresh(150, Map.of("call_success_percent", 100.0, "delivery_rate_percent", 97.5)),
            0);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.NOT_VERIFIED);
    assertThat(r.detail()).contains("delivery_rate_percent 97.5 not >= 98");
  }

  @Test
  void givenNoCallFigures_whenTheRequiredExpressionLacksData_itShouldStayUnproven() {
    Verification.Result r =
        Verification.check(CALLS_THEN_RATE, fresh(150, Map.of("delivery_rate_percent", 99.0)), 0);
    assertThat(r.verdict()).isEqualTo(Verification.Verdict.UNPROVEN);
    assertThat(r.detail()).contains("no data for call_success_percent");
  }
}
