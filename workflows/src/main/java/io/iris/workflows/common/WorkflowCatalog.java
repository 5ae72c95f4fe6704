package io.iris.workflows.common;

import io.iris.workflows.capacity.CapacityForecastStart;
import io.iris.workflows.capacity.CapacityForecastWorkflow;
import io.iris.workflows.capacity.CapacityForecastWorkflowImpl;
import io.iris.workflows.cost.BudgetCheckStart;
import io.iris.workflows.cost.BudgetCheckWorkflow;
import io.iris.workflows.cost.BudgetCheckWorkflowImpl;
import io.iris.workflows.cost.CostOpportunityStart;
import io.iris.workflows.cost.CostOpportunityWorkflow;
import io.iris.workflows.cost.CostOpportunityWorkflowImpl;
import io.iris.workflows.cost.CostOptimizationStart;
import io.iris.workflows.cost.CostOptimizationWorkflow;
import io.iris.workflows.cost.CostOptimizationWorkflowImpl;
import io.iris.workflows.incident.IncidentStart;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.IncidentWorkflowImpl;
import io.iris.workflows.remediation.AnomalyDetectionStart;
import io.iris.workflows.remediation.AnomalyDetectionWorkflow;
import io.iris.workflows.remediation.AnomalyDetectionWorkflowImpl;
import io.iris.workflows.remediation.RemediationStart;
import io.iris.workflows.remediation.RemediationWorkflow;
import io.iris.workflows.remediation.RemediationWorkflowImpl;
import io.iris.workflows.routing.FailoverReevaluationStart;
import io.iris.workflows.routing.FailoverReevaluationWorkflow;
import io.iris.workflows.routing.FailoverReevaluationWorkflowImpl;
import io.iris.workflows.routing.HealthEvaluationStart;
import io.iris.workflows.routing.HealthEvaluationWorkflow;
import io.iris.workflows.routing.HealthEvaluationWorkflowImpl;
import io.iris.workflows.send.BulkSendStart;
import io.iris.workflows.send.BulkSendWorkflow;
import io.iris.workflows.send.BulkSendWorkflowImpl;
import io.iris.workflows.send.MessageSendStart;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.MessageSendWorkflowImpl;
import io.iris.workflows.send.SendReconciliationStart;
import io.iris.workflows.send.SendReconciliationWorkflow;
import io.iris.workflows.send.SendReconciliationWorkflowImpl;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.List;
import java.util.Objects;

/**
 * Every workflow type of the platform, in one place: the workers register each implementation on
 * its task queue from here, the replay test replays the committed histories of each type (under
 * {@code histories/<type>/}) and the test environments register them from here. A new workflow type
 * is one line below (with its start-options class beside its interface).
 */
public final class WorkflowCatalog {

  /**
   * One workflow type.
   *
   * @param workflowInterface the {@code @WorkflowInterface}; its type name is the workflow type
   * @param implementation what the workers run
   * @param taskQueue where its starts put it (its start-options class says the same)
   */
  public record Entry(Class<?> workflowInterface, Class<?> implementation, String taskQueue) {
    public Entry {
      Objects.requireNonNull(workflowInterface, "workflowInterface");
      Objects.requireNonNull(implementation, "implementation");
      Objects.requireNonNull(taskQueue, "taskQueue");
      if (!workflowInterface.isAssignableFrom(implementation)) {
        throw new IllegalArgumentException(
            implementation.getName() + " does not implement " + workflowInterface.getName());
      }
    }

    /** The workflow type name Temporal knows it by (the interface's name unless renamed). */
    public String type() {
      return POJOWorkflowInterfaceMetadata.newInstance(workflowInterface)
          .getWorkflowType()
          .orElseThrow();
    }
  }

  public static final List<Entry> ALL =
      List.of(
          new Entry(
              MessageSendWorkflow.class,
              MessageSendWorkflowImpl.class,
              MessageSendStart.TASK_QUEUE),
          new Entry(BulkSendWorkflow.class, BulkSendWorkflowImpl.class, BulkSendStart.TASK_QUEUE),
          new Entry(
              SendReconciliationWorkflow.class,
              SendReconciliationWorkflowImpl.class,
              SendReconciliationStart.TASK_QUEUE),
          new Entry(IncidentWorkflow.class, IncidentWorkflowImpl.class, IncidentStart.TASK_QUEUE),
          new Entry(
              HealthEvaluationWorkflow.class,
              HealthEvaluationWorkflowImpl.class,
              HealthEvaluationStart.TASK_QUEUE),
          new Entry(
              FailoverReevaluationWorkflow.class,
              FailoverReevaluationWorkflowImpl.class,
              FailoverReevaluationStart.TASK_QUEUE),
          new Entry(
              AnomalyDetectionWorkflow.class,
              AnomalyDetectionWorkflowImpl.class,
              AnomalyDetectionStart.TASK_QUEUE),
          new Entry(
              RemediationWorkflow.class,
              RemediationWorkflowImpl.class,
              RemediationStart.TASK_QUEUE),
          new Entry(
              BudgetCheckWorkflow.class,
              BudgetCheckWorkflowImpl.class,
              BudgetCheckStart.TASK_QUEUE),
          new Entry(
              CapacityForecastWorkflow.class,
              CapacityForecastWorkflowImpl.class,
              CapacityForecastStart.TASK_QUEUE),
          new Entry(
              CostOptimizationWorkflow.class,
              CostOptimizationWorkflowImpl.class,
              CostOptimizationStart.TASK_QUEUE),
          new Entry(
              CostOpportunityWorkflow.class,
              CostOpportunityWorkflowImpl.class,
              CostOpportunityStart.TASK_QUEUE));

  private WorkflowCatalog() {}

  /** Every implementation, for a test or replay worker that runs them all. */
  public static Class<?>[] implementations() {
    return ALL.stream().map(Entry::implementation).toArray(Class<?>[]::new);
  }

  /** The task queues that have workflows. */
  public static List<String> taskQueues() {
    return ALL.stream().map(Entry::taskQueue).distinct().toList();
  }

  /** The implementations a worker on {@code taskQueue} runs. */
  public static Class<?>[] implementationsOn(String taskQueue) {
    return ALL.stream()
        .filter(e -> e.taskQueue().equals(taskQueue))
        .map(Entry::implementation)
        .toArray(Class<?>[]::new);
  }
}
