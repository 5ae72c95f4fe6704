package io.iris.workers.platform;

import io.iris.workflows.common.TaskQueues;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Worker sizing. A send waits minutes for its receipt, so thousands are in flight at once: the
 * sticky cache must hold them all (a miss replays the whole history), and virtual threads let that
 * many workflows wait without a platform thread each.
 */
@Configuration(proxyBeanMethods = false)
class WorkerTuning {

  /**
   * {@code iris.temporal.worker.*} (defaults in iris-platform.yml).
   *
   * @param workflowCacheSize workflows kept in memory between their tasks
   * @param virtualWorkflowThreads run workflow code on virtual threads
   * @param workflowTaskPollers concurrent polls for workflow tasks
   * @param activityTaskPollers concurrent polls for activity tasks
   * @param maxConcurrentActivities activities (provider calls) running at once
   * @param maxConcurrentWorkflowTasks workflow tasks running at once
   * @param maxConcurrentLocalActivities local activities (bookkeeping) running at once
   * @param operationsPollers polls of each kind on the operations queue ({@code iris-operations}: a
   *     health evaluation a minute and the odd failover, so a few are plenty; each idle poll is
   *     work for the Temporal server all the same)
   */
  @ConfigurationProperties("iris.temporal.worker")
  record Settings(
      int workflowCacheSize,
      boolean virtualWorkflowThreads,
      int workflowTaskPollers,
      int activityTaskPollers,
      int maxConcurrentActivities,
      int maxConcurrentWorkflowTasks,
      int maxConcurrentLocalActivities,
      int operationsPollers) {

    Settings {
      if (operationsPollers < 1) {
        throw new IllegalArgumentException(
            "iris.temporal.worker.operations-pollers must be at least 1, got " + operationsPollers);
      }
    }

    /** Workflow-task polls on {@code taskQueue}. */
    int workflowTaskPollers(String taskQueue) {
      return TaskQueues.OPERATIONS.equals(taskQueue) ? operationsPollers : workflowTaskPollers;
    }

    /** Activity-task polls on {@code taskQueue}. */
    int activityTaskPollers(String taskQueue) {
      return TaskQueues.OPERATIONS.equals(taskQueue) ? operationsPollers : activityTaskPollers;
    }
  }

  @Bean
  TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> workerFactoryTuning(Settings settings) {
    return builder ->
        builder
            .setWorkflowCacheSize(settings.workflowCacheSize())
            .setUsingVirtualWorkflowThreads(settings.virtualWorkflowThreads());
  }

  @Bean
  WorkerOptionsCustomizer workerOptionsTuning(Settings settings) {
    return (builder, workerName, taskQueue) ->
        builder
            .setMaxConcurrentWorkflowTaskPollers(settings.workflowTaskPollers(taskQueue))
            .setMaxConcurrentActivityTaskPollers(settings.activityTaskPollers(taskQueue))
            .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities())
            .setMaxConcurrentWorkflowTaskExecutionSize(settings.maxConcurrentWorkflowTasks())
            .setMaxConcurrentLocalActivityExecutionSize(settings.maxConcurrentLocalActivities());
  }
}
