package io.iris.activities.remediation.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.platform.OpsSlack;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** notify without a thread and without Slack: it fails saying so, and posts nothing. */
class NotifyActionTest {

  static OpsSlack unconfigured() {
    return new OpsSlack(
        new SlackIncidentSettings("", "", Duration.ofMinutes(5)),
        new SlackConnection("", ""),
        null);
  }

  @Test
  void givenNoSlack_whenNotifying_itShouldFailNamingTheSettingAndTheOpsChannelShouldSaySo() {
    NotifyAction notify = new NotifyAction(null, unconfigured());
    StepCommand c =
        new StepCommand(
            "remediation-i-noisy-tenant-throttle",
            "i",
            "noisy-tenant-throttle",
            "step",
            1,
            new RunbookStep(RemediationAction.NOTIFY, Map.of("message", "throttled"), 0),
            AnomalyRef.ofIncident("alertmanager:X", Severity.HIGH, "k", "sms", "", "", "", 1),
            null,
            null);

    assertThat(notify.apply(c).outcome()).isEqualTo(StepOutcome.FAILED);
    assertThat(notify.apply(c).detail()).isEqualTo("Slack is not configured (IRIS_SLACK_CHANNEL)");
    assertThat(NotifyAction.text(c))
        .isEqualTo("Remediation noisy-tenant-throttle (alertmanager:X): throttled");
    assertThat(unconfigured().configured()).isFalse();
    assertThat(unconfigured().post("x")).isEqualTo("audit log only (Slack is not configured)");
  }
}
