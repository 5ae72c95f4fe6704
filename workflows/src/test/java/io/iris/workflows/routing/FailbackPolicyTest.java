package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailbackPolicyTest {

  static FailbackPolicy policy(Duration delay, Duration maxDelay, List<Integer> steps) {
    return new FailbackPolicy(
        delay,
        maxDelay,
        Duration.ofSeconds(2),
        16,
        1000,
        3,
        Duration.ofMinutes(1),
        0.1,
        85,
        true,
        steps,
        Duration.ofMinutes(1));
  }

  static FailbackPolicy defaults() {
    return policy(Duration.ofMinutes(10), Duration.ofHours(1), List.of(10, 50, 100));
  }

  @Test
  void givenFlaps_whenTheDelayIsAsked_itShouldDoubleEachTimeUpToTheMaximum() {
    FailbackPolicy p = defaults();

    assertThat(p.delayAfter(0)).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMinutes(20));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMinutes(40));
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofHours(1));
    assertThat(p.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void givenANegativeFlapCount_whenTheDelayIsAsked_itShouldRefuseIt() {
    assertThatThrownBy(() -> defaults().delayAfter(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenStepsThatDoNotAscendOrEndAt100_whenBuilt_itShouldRefuseThem() {
    Duration d = Duration.ofMinutes(10);
    Duration max = Duration.ofHours(1);
    for (List<Integer> bad :
        List.of(
            List.<Integer>of(),
            List.of(10, 50),
            List.of(50, 10, 100),
            List.of(10, 10, 100),
            List.of(0, 50, 100),
            List.of(10, 50, 100, 110))) {
      assertThatThrownBy(() -> policy(d, max, bad))
          .as("steps %s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("steps");
    }
    assertThat(policy(d, max, List.of(100)).steps()).containsExactly(100);
    assertThat(policy(d, max, List.of(1, 2, 100)).steps()).containsExactly(1, 2, 100);
  }

  @Test
  void givenAMaximumDelayShorterThanTheDelay_whenBuilt_itShouldRefuseIt() {
    assertThatThrownBy(
            () -> policy(Duration.ofMinutes(10), Duration.ofMinutes(9), List.of(10, 50, 100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reevaluationMaxDelay");
    assertThat(policy(Duration.ofMinutes(10), Duration.ofMinutes(10), List.of(100)).delayAfter(5))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void givenOutOfRangeThresholds_whenBuilt_itShouldNameTheSetting() {
    FailbackPolicy p = defaults();
    assertThatThrownBy(
            () ->
                new FailbackPolicy(
                    p.reevaluationDelay(),
                    p.reevaluationMaxDelay(),
                    p.drainRepeatAfter(),
                    p.drainConcurrency(),
                    p.continueAsNewAfter(),
                    p.healthyChecks(),
                    p.checkInterval(),
                    1.01,
                    p.minScore(),
                    p.unprovenIsHealthy(),
                    p.steps(),
                    p.stepInterval()))
        .hasMessageContaining("healthyFailureRate");
    assertThatThrownBy(
            () ->
                new FailbackPolicy(
                    p.reevaluationDelay(),
                    p.reevaluationMaxDelay(),
                    p.drainRepeatAfter(),
                    p.drainConcurrency(),
                    p.continueAsNewAfter(),
                    0,
                    p.checkInterval(),
                    p.healthyFailureRate(),
                    p.minScore(),
                    p.unprovenIsHealthy(),
                    p.steps(),
                    p.stepInterval()))
        .hasMessageContaining("healthyChecks");
    assertThatThrownBy(
            () ->
                new FailbackPolicy(
                    p.reevaluationDelay(),
                    p.reevaluationMaxDelay(),
                    p.drainRepeatAfter(),
                    p.drainConcurrency(),
                    p.continueAsNewAfter(),
                    p.healthyChecks(),
                    Duration.ZERO,
                    p.healthyFailureRate(),
                    p.minScore(),
                    p.unprovenIsHealthy(),
                    p.steps(),
                    p.stepInterval()))
        .hasMessageContaining("checkInterval");
  }
}
