package io.iris.workflows.cost;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One budget check: each tenant's budget (and the platform's daily budget) against the period's
 * spend from the roll-ups; a threshold crossed alerts once per period, to Slack and the audit log.
 * Run by the Temporal Schedule {@link #SCHEDULE_ID}.
 */
@WorkflowInterface
public interface BudgetCheckWorkflow {

  String SCHEDULE_ID = "budget-check";

  /** One check; returns how many alerts it sent. */
  @WorkflowMethod
  int check();
}
