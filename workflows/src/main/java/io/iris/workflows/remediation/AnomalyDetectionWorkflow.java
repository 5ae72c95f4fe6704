package io.iris.workflows.remediation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One anomaly detection: observes the platform's recent figures, judges them by the pure {@link
 * AnomalyRules}, stores what it found ({@code anomaly_events}, one open row per anomaly while it
 * persists) and hands the changes to incidents: a new high or critical anomaly, or one a runbook
 * can fix, opens an incident; a repeat attaches to it; a cleared one tells it. Run by the Temporal
 * Schedule {@link #SCHEDULE_ID} (and triggered at once after a breaker, outage or score failover).
 */
@WorkflowInterface
public interface AnomalyDetectionWorkflow {

  String SCHEDULE_ID = "anomaly-detection";

  /** One detection run; returns what it changed. */
  @WorkflowMethod
  DetectionOutcome detect();
}
