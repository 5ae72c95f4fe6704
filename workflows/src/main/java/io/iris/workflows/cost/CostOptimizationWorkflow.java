package io.iris.workflows.cost;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One cost-optimization cycle (seed 000 §5.3), run by the Temporal Schedule {@link #SCHEDULE_ID}:
 * finds the opportunities and starts one {@link CostOpportunityWorkflow} for each new one, which
 * applies it or asks for review. The cycle itself ends at once, so a review that waits days never
 * holds the next cycles back (the Schedule skips overlaps).
 */
@WorkflowInterface
public interface CostOptimizationWorkflow {

  String SCHEDULE_ID = "cost-optimization";

  /** One cycle; returns how many new opportunities it started. */
  @WorkflowMethod
  int optimize();
}
