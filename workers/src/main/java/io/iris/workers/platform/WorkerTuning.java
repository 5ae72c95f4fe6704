package io.iris.workers.platform;

import io.iris.activities.remediation.RemediationSettings;
import io.iris.workflows.common.TaskQueues;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Worker sizing. A send waits minutes for its receipt, so thousands are in flight at once: the
 * sticky cache must hold them all (a miss replays the whole history), and virtual threads let that
 * many workflows wait without a platform thread each.
 *
 * <p>Each worker's slots come from a {@link CompositeTuner}: fixed for workflow tasks and Nexus
 * tasks, resizable for activities and local activities ({@link ActivitySlots}, which {@code
 * scale_workers} changes at runtime through {@link WorkerControls}; a send's provider call is a
 * local activity). The SDK refuses a tuner together with {@code setMaxConcurrent*ExecutionSize}, so
 * those are not set.
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
   * @param maxConcurrentLocalActivities local activities (bookkeeping, and the sends' provider
   *     calls) running at once
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
      requireSlots("max-concurrent-activities", maxConcurrentActivities);
      requireSlots("max-concurrent-workflow-tasks", maxConcurrentWorkflowTasks);
      requireSlots("max-concurrent-local-activities", maxConcurrentLocalActivities);
      if (operationsPollers < 1) {
        throw new IllegalArgumentException(
            "iris.temporal.worker.operations-pollers must be at least 1, got " + operationsPollers);
      }
    }

    private static void requireSlots(String key, int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException(
            "iris.temporal.worker." + key + " must be at least 1, got " + slots);
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

  /** The activity slots of this process's workers, by task queue. */
  @Bean
  ActivitySlots activitySlots(Settings settings, RemediationSettings remediation) {
    return new ActivitySlots(
        settings.maxConcurrentActivities(),
        settings.maxConcurrentLocalActivities(),
        remediation.scaleMaxSlots());
  }

  @Bean
  WorkerOptionsCustomizer workerOptionsTuning(Settings settings, ActivitySlots activitySlots) {
    // IRIS runs no Nexus operations: the SDK's default size.
    int nexusSlots = WorkerOptions.getDefaultInstance().getMaxConcurrentNexusExecutionSize();
    return (builder, workerName, taskQueue) ->
        builder
            .setMaxConcurrentWorkflowTaskPollers(settings.workflowTaskPollers(taskQueue))
            .setMaxConcurrentActivityTaskPollers(settings.activityTaskPollers(taskQueue))
            .setWorkerTuner(
                new CompositeTuner(
                    new FixedSizeSlotSupplier<>(settings.maxConcurrentWorkflowTasks()),
                    activitySlots.newSupplier(taskQueue),
                    activitySlots.newLocalSupplier(taskQueue),
                    new FixedSizeSlotSupplier<>(nexusSlots)));
  }
}
