package io.iris.workflows.routing;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Scores every enabled provider over the ranking and the current window (seed 000 §7.1), stores the
 * scores, and fails over the providers the automatic rules condemn ({@link FailoverRules}). Run by
 * the Temporal Schedule {@link #SCHEDULE_ID}.
 */
@WorkflowInterface
public interface HealthEvaluationWorkflow {

  String SCHEDULE_ID = "health-evaluation";

  /** One evaluation; returns the failovers it asked for (none, mostly). */
  @WorkflowMethod
  java.util.List<FailoverRequest> evaluate();
}
