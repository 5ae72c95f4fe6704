package io.iris.activities.remediation.actions;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import io.iris.activities.incident.slack.SlackIncidentActivitiesImpl;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.io.IOException;
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
  private final SlackIncidentSettings settings;
  private final SlackConnection connection;
  private final SlackWebClients clients;

  public NotifyAction(
      SlackIncidentActivitiesImpl slack,
      SlackIncidentSettings settings,
      SlackConnection connection,
      SlackWebClients clients) {
    this.slack = slack;
    this.settings = settings;
    this.connection = connection;
    this.clients = clients;
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
    String channel = settings.channel();
    Slack client = clients.forPrefix(connection.baseUrl()).orElse(null);
    if (channel == null
        || channel.isBlank()
        || client == null
        || connection.botToken() == null
        || connection.botToken().isBlank()) {
      return ActionRunner.result(
          command, StepOutcome.FAILED, "Slack is not configured (IRIS_SLACK_CHANNEL)", Map.of());
    }
    try {
      ChatPostMessageResponse response =
          client
              .methods(connection.botToken())
              .chatPostMessage(
                  ChatPostMessageRequest.builder()
                      .channel(channel)
                      .text(text)
                      .unfurlLinks(false)
                      .unfurlMedia(false)
                      .build());
      if (!response.isOk()) {
        throw new IllegalStateException(
            "slack answered chat.postMessage with " + response.getError());
      }
    } catch (IOException | SlackApiException e) {
      throw new IllegalStateException("slack could not be reached for chat.postMessage: " + e, e);
    }
    return ActionRunner.result(
        command, StepOutcome.APPLIED, "posted in Slack channel " + channel, Map.of());
  }
}
