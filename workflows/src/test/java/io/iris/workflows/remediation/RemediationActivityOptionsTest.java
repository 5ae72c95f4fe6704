package io.iris.workflows.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemediationActivityOptionsTest {

  @Test
  void givenAPolicyWithActivityTimings_whenTheStubIsMade_itShouldUseThem() {
    RemediationPolicy policy =
        new RemediationPolicy(
            Duration.ofSeconds(30),
            Duration.ofSeconds(6),
            Duration.ofMinutes(15),
            Duration.ofSeconds(12),
            Duration.ofMinutes(40));

    ActivityOptions options = RemediationWorkflowImpl.activityOptions(policy);

    assertThat(options.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(options.getScheduleToCloseTimeout()).isEqualTo(Duration.ofMinutes(40));
    assertThat(options.getRetryOptions().getMaximumInterval()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void givenAPolicyFromBeforeTheTimingsWereConfigurable_whenDecoded_itShouldUseTheOldValues() {
    RemediationPolicy old =
        new RemediationPolicy(
            Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofMinutes(15), null, null);

    ActivityOptions options = RemediationWorkflowImpl.activityOptions(old);

    assertThat(options.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.getScheduleToCloseTimeout()).isEqualTo(Duration.ofMinutes(5));
  }
}
