package io.iris.activities.remediation.slack;

import io.iris.activities.incident.slack.SlackIncidentActivitiesImpl;
import io.iris.integrations.slack.RemediationMessage;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.incident.SlackMessageRef;
import io.iris.workflows.remediation.ApprovalRequest;
import io.iris.workflows.remediation.SlackRemediationActivities;
import io.temporal.spring.boot.ActivityImpl;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A remediation's approval message ({@link RemediationMessage}), posted in the incident's thread
 * when it has one, through the incident messages' Slack client, with the same typed failures
 * ({@code SLACK_RATE_LIMITED}, {@code SLACK_UNAVAILABLE}, {@code SLACK_REJECTED}, {@code
 * SLACK_NOT_CONFIGURED}).
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.INCIDENT)
public class SlackRemediationActivitiesImpl implements SlackRemediationActivities {

  private final SlackIncidentActivitiesImpl slack;

  public SlackRemediationActivitiesImpl(SlackIncidentActivitiesImpl slack) {
    this.slack = slack;
  }

  @Override
  public SlackMessageRef postApproval(ApprovalRequest request) {
    return slack.postBlocks(
        thread(request),
        RemediationMessage.text(request),
        RemediationMessage.blocks(request),
        "approval of " + request.remediationId());
  }

  @Override
  public void updateApproval(SlackMessageRef message, ApprovalRequest request, String outcome) {
    slack.updateBlocks(
        message,
        RemediationMessage.answeredText(request, outcome),
        RemediationMessage.answeredBlocks(request, outcome),
        "approval of " + request.remediationId());
  }

  /**
   * A plain reply under a message (a refused click, for instance); not an activity.
   *
   * @param message the message to reply under
   */
  public void reply(SlackMessageRef message, String text) {
    slack.postBlocks(message, text, List.of(), "reply under " + message.ts());
  }

  private static SlackMessageRef thread(ApprovalRequest request) {
    return new SlackMessageRef(request.threadChannel(), request.threadTs());
  }
}
