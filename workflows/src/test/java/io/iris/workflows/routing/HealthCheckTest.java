package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.routing.HealthCheck.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  static final FailbackPolicy POLICY = FailbackPolicyTest.defaults();

  static FailbackPolicy unprovenIsUnhealthy() {
    return new FailbackPolicy(
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        Duration.ofSeconds(2),
        16,
        1000,
        3,
        Duration.ofMinutes(1),
        0.1,
        85,
        false,
        List.of(10, 50, 100),
        Duration.ofMinutes(1));
  }

  static HealthCheck check(long attempts, long failures, Probe probe) {
    return new HealthCheck(0, 60_000, attempts, failures, probe, false, 0, "");
  }

  static HealthCheck scored(double score) {
    return new HealthCheck(0, 60_000, 100, 0, Probe.NOT_SENT, true, score, "");
  }

  @Test
  void givenAFailureShareAtTheHealthyRate_whenJudged_itShouldBeHealthyAndOneMoreFailureNot() {
    assertThat(check(10, 1, Probe.NOT_SENT).healthy(POLICY)).isTrue();
    assertThat(check(10, 2, Probe.NOT_SENT).healthy(POLICY)).isFalse();
    assertThat(check(100, 10, Probe.NOT_SENT).healthy(POLICY)).isTrue();
    assertThat(check(100, 11, Probe.NOT_SENT).healthy(POLICY)).isFalse();
    assertThat(check(100, 11, Probe.NOT_SENT).failureRate()).isEqualTo(0.11);
  }

  @Test
  void givenACurrentScore_whenJudged_itShouldNeedTheMinimumScore() {
    assertThat(scored(85).healthy(POLICY)).isTrue();
    assertThat(scored(84.99).healthy(POLICY)).isFalse();
  }

  @Test
  void givenAFailedProbe_whenJudged_itShouldBeUnhealthyWhateverTheTraffic() {
    assertThat(check(0, 0, Probe.FAILED).healthy(POLICY)).isFalse();
    assertThat(check(50, 0, Probe.FAILED).healthy(POLICY)).isFalse();
    assertThat(check(0, 0, Probe.ACCEPTED).healthy(unprovenIsUnhealthy())).isTrue();
  }

  @Test
  void givenNoTrafficAndNoProbe_whenJudged_itShouldFollowThePolicysUnprovenSetting() {
    HealthCheck nothing = check(0, 0, Probe.NOT_SENT);

    assertThat(nothing.unproven()).isTrue();
    assertThat(nothing.healthy(POLICY)).isTrue();
    assertThat(nothing.healthy(unprovenIsUnhealthy())).isFalse();
    assertThat(check(1, 0, Probe.NOT_SENT).unproven()).isFalse();
  }

  @Test
  void givenImpossibleFigures_whenBuilt_itShouldRefuseThem() {
    assertThatThrownBy(() -> check(1, 2, Probe.NOT_SENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failures");
    assertThatThrownBy(() -> new HealthCheck(10, 5, 0, 0, Probe.NOT_SENT, false, 0, ""))
        .hasMessageContaining("toMillis");
    assertThatThrownBy(() -> new HealthCheck(0, 5, 0, 0, Probe.NOT_SENT, true, 100.5, ""))
        .hasMessageContaining("currentScore");
  }
}
