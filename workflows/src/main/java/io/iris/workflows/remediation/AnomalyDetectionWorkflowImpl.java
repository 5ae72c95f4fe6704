package io.iris.workflows.remediation;

import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.DetectionOutcome.Tracked;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * Registered on the operations task queue from the {@link
 * io.iris.workflows.common.WorkflowCatalog}; its activity options come from registration. The rules
 * are pure workflow code; the activities read, store and reach the incidents.
 */
public class AnomalyDetectionWorkflowImpl implements AnomalyDetectionWorkflow {

  private static final Logger log = Workflow.getLogger(AnomalyDetectionWorkflowImpl.class);

  private final AnomalyActivities anomalies = Workflow.newActivityStub(AnomalyActivities.class);

  @Override
  public DetectionOutcome detect() {
    Observations observations = anomalies.observe(Workflow.currentTimeMillis());
    if (!observations.enabled()) {
      return DetectionOutcome.NONE;
    }
    List<Finding> findings = AnomalyRules.evaluate(observations);
    DetectionOutcome outcome = anomalies.record(observations.atMillis(), findings);
    for (Tracked t : outcome.opened()) {
      AnomalyRef a = t.anomaly();
      log.info("anomaly {}: {}", a.dedupKey(), a.detail());
      // Every remediation has a parent incident: a medium or low anomaly opens one only when a
      // runbook would fix it; otherwise it is only recorded.
      if (opensIncident(a.severity()) || anomalies.remediable(a)) {
        anomalies.openIncident(a);
      }
    }
    for (Tracked t : outcome.repeated()) {
      if (t.hasIncident()) {
        anomalies.attachToIncident(t.incidentId(), t.anomaly());
      }
    }
    for (Tracked t : outcome.cleared()) {
      log.info("anomaly {} cleared", t.anomaly().dedupKey());
      if (t.hasIncident()) {
        anomalies.clearedFromIncident(t.incidentId(), t.anomaly().anomalyId());
      }
    }
    return outcome;
  }

  /** High and critical anomalies always open an incident. */
  static boolean opensIncident(Severity severity) {
    return severity == Severity.CRITICAL || severity == Severity.HIGH;
  }
}
