package io.iris.workflows.remediation;

import io.iris.workflows.incident.SlackMessageRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** A remediation's Slack messages: the approval request with its buttons, and its answer. */
@ActivityInterface
public interface SlackRemediationActivities {

  /** Posts the approval request (in the incident's thread when it has one). */
  @ActivityMethod
  SlackMessageRef postApproval(ApprovalRequest request);

  /** Replaces the request's buttons with how it was answered (approved, rejected, timed out). */
  @ActivityMethod
  void updateApproval(SlackMessageRef message, ApprovalRequest request, String outcome);
}
