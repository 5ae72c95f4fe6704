package io.iris.workflows.remediation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The anomaly detection's steps (queue {@code iris-operations}): read the figures, store the
 * findings, and reach the incidents. The rules themselves are pure workflow code ({@link
 * AnomalyRules}).
 */
@ActivityInterface
public interface AnomalyActivities {

  /**
   * Reads everything the rules judge at {@code nowMillis}: per provider its current and outage
   * windows, its 7-day hourly baseline (mean and sample standard deviation, computed here) and its
   * routing state; per channel its cost and forecast; the tenants' volumes; the task queues'
   * backlogs; and the rules' settings.
   */
  @ActivityMethod
  Observations observe(long nowMillis);

  /**
   * Stores the run's findings at {@code atMillis}: a new dedup key gets a new open row, an open one
   * is updated (last seen, actual, occurrences, impact), and an open one absent for {@code
   * IRIS_ANOMALY_CLEAR_AFTER} runs in a row is resolved; resolved rows past the retention are
   * deleted. Idempotent for one {@code atMillis}: a retry reports the same changes.
   */
  @ActivityMethod
  DetectionOutcome record(long atMillis, List<Finding> findings);

  /**
   * Whether a runbook would fix this anomaly now (one matches its type, severity and channel, and
   * remediation is switched on): a medium or low anomaly opens an incident only then.
   */
  @ActivityMethod
  boolean remediable(AnomalyRef anomaly);

  /**
   * Opens the anomaly's incident (dedup key {@link AnomalyRef#incidentDedupKey()}, or attaches to
   * the open one), signal-with-starting its workflow with the anomaly, and links the anomaly to it.
   * Idempotent by anomaly id.
   *
   * @return the incident's id
   */
  @ActivityMethod
  String openIncident(AnomalyRef anomaly);

  /** Tells an open incident its anomaly was seen again; an incident that has ended is left be. */
  @ActivityMethod
  void attachToIncident(String incidentId, AnomalyRef anomaly);

  /** Tells an open incident its anomaly cleared; an incident that has ended is left be. */
  @ActivityMethod
  void clearedFromIncident(String incidentId, String anomalyId);
}
