package io.iris.activities.remediation.actions;

import io.iris.activities.incident.slack.SlackIncidentActivitiesImpl;
import io.iris.activities.platform.OpsSlack;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code notify}: a Slack post in the incident's thread ({@link StepCommand#thread()}), else in the
 * incident channel ({@code IRIS_SLACK_CHANNEL}); never PagerDuty. The text is the step's {@code
 * message} (or a summary of the anomaly).
 */
@Component
public class NotifyAction implements ActionRunner {

  private final SlackIncidentActivitiesImpl slack;
  private final OpsSlack ops;

  public NotifyAction(SlackIncidentActivitiesImpl slack, OpsSlack ops) {
    this.slack = slack;
    this.ops = ops;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.NOTIFY;
  }

  static String text(StepCommand command) {
    String message = command.step().params().get("message");
    String about =
        "Remediation "
            + command.runbook()
            + " ("
            + command.target().kind()
            + (command.target().incidentScope() || command.target().detail().isBlank()
                ? ""
                : ": " + command.target().detail())
            + ")";
    return message == null || message.isBlank() ? about : about + ": " + message;
  }

  @Override
  public StepResult apply(StepCommand command) {
    String text = text(command);
    if (command.thread() != null
        && command.thread().ts() != null
        && !command.thread().ts().isBlank()) {
      slack.postToThread(command.thread(), text);
      return ActionRunner.result(
          command, StepOutcome.APPLIED, "posted in the incident's Slack thread", Map.of());
    }
    if (!ops.configured()) {
      return ActionRunner.result(
          command, StepOutcome.FAILED, "Slack is not configured (IRIS_SLACK_CHANNEL)", Map.of());
    }
    String where = ops.post(text);
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        "posted in " + where.replace("slack ", "Slack channel "),
        Map.of());
  }
}
