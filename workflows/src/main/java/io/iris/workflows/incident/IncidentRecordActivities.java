package io.iris.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The incident's rows and policy: short database work, run as local activities; idempotent. */
@ActivityInterface
public interface IncidentRecordActivities {

  @ActivityMethod
  EscalationPolicy escalationPolicy(Severity severity);

  /** Brings the incident row up to date and appends the given timeline entries (by seq). */
  @ActivityMethod
  void recordIncident(IncidentState state);

  /** The closing figures: MTTA and MTTR, and for high and critical the review draft. */
  /**
   * The runbooks that fix an incident of this type, severity and channel ("" when none), in the
   * order to try them, with the configured timings; empty when none matches or remediation is
   * switched off.
   */
  @ActivityMethod
  io.iris.workflows.remediation.RemediationPlan remediationPlan(
      String type, Severity severity, String channel);

  @ActivityMethod
  void recordClosing(String incidentId, long mttaMillis, long mttrMillis, String reviewDraft);
}
