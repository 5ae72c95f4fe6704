package io.iris.workers.platform;

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
   */
  @ConfigurationProperties("iris.temporal.worker")
  record Settings(
      int workflowCacheSize,
      boolean virtualWorkflowThreads,
      int workflowTaskPollers,
      int activityTaskPollers,
      int maxConcurrentActivities,
      int maxConcurrentWorkflowTasks,
      int maxConcurrentLocalActivities) {}

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
            .setMaxConcurrentWorkflowTaskPollers(settings.workflowTaskPollers())
            .setMaxConcurrentActivityTaskPollers(settings.activityTaskPollers())
            .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities())
            .setMaxConcurrentWorkflowTaskExecutionSize(settings.maxConcurrentWorkflowTasks())
            .setMaxConcurrentLocalActivityExecutionSize(settings.maxConcurrentLocalActivities());
  }
}
