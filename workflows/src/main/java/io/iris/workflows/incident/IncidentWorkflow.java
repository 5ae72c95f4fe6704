package io.iris.workflows.incident;

import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.RemediationEvent;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One incident from open to resolved: notifications (Slack, PagerDuty), escalation on durable
 * timers until acknowledged, responders' actions as signals, and the closing figures. Workflow id:
 * {@code incident-{incidentId}}.
 */
@WorkflowInterface
public interface IncidentWorkflow {

  static String workflowId(String incidentId) {
    return "incident-" + incidentId;
  }

  /** Runs the incident; {@code state} is the opening state, or where a previous run left off. */
  @WorkflowMethod
  IncidentState run(IncidentState state);

  @SignalMethod
  void acknowledge(Actor actor);

  @SignalMethod
  void resolve(Actor actor);

  /** Calls the next escalation level now. */
  @SignalMethod
  void escalate(Actor actor);

  @SignalMethod
  void addNote(Actor author, String text);

  @SignalMethod
  void assign(Actor by, String assignee);

  /** A (repeat) alert for this incident; once all its alerts resolve, the incident resolves. */
  @SignalMethod
  void attachAlert(AlertUpdate alert);

  /**
   * A (repeat) detection of an anomaly of this incident. Unlike an alert, an anomaly never resolves
   * the incident: only a verified remediation or a human does.
   */
  @SignalMethod
  void attachAnomaly(AnomalyRef anomaly);

  /** An attached anomaly has cleared (the detection no longer finds it). */
  @SignalMethod
  void anomalyCleared(String anomalyId);

  /** A remediation of this incident moved on (its child workflow reports each step). */
  @SignalMethod
  void remediationProgress(RemediationEvent event);

  @QueryMethod
  IncidentState state();

  @QueryMethod
  List<IncidentEvent> timeline();
}
