package io.iris.workers.platform;

import io.iris.workflows.common.DependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.spring.boot.autoconfigure.template.WorkersTemplate;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers every workflow of the {@link WorkflowCatalog} on the worker of its task queue, with the
 * options every workflow implementation gets: how its bookkeeping activities ride out a database
 * outage ({@link DependencyRetry}), from configuration. The workers themselves (one per task queue,
 * sized by {@link WorkerTuning}) come from {@code spring.temporal.workers}; they are started once
 * the application is ready, after this has run.
 */
@Configuration(proxyBeanMethods = false)
class WorkflowRegistration {

  private static final Logger log = LoggerFactory.getLogger(WorkflowRegistration.class);

  /**
   * {@code iris.temporal.dependency-retry.*} (defaults in iris-platform.yml).
   *
   * @param attemptTimeout the longest one attempt may take
   * @param initialInterval the first retry's delay
   * @param maxInterval the longest delay between retries
   * @param giveUpAfter how long an outage is ridden out before the work ends in a terminal state
   */
  @ConfigurationProperties("iris.temporal.dependency-retry")
  record Settings(
      Duration attemptTimeout,
      Duration initialInterval,
      Duration maxInterval,
      Duration giveUpAfter) {

    DependencyRetry retry() {
      return new DependencyRetry(attemptTimeout, initialInterval, maxInterval, giveUpAfter);
    }
  }

  /** Runs once every bean exists, before the workers start (when the application is ready). */
  @Bean
  SmartInitializingSingleton catalogRegistration(
      ObjectProvider<WorkersTemplate> workers, Settings settings) {
    return () ->
        workers.ifAvailable(
            template -> {
              template.getWorkers(); // creates the configured workers, if nothing has yet
              register(template.getWorkerFactory(), settings.retry().implementationOptions());
            });
  }

  /** Registers each catalogued implementation on the factory's worker for its task queue. */
  static void register(WorkerFactory factory, WorkflowImplementationOptions options) {
    for (WorkflowCatalog.Entry entry : WorkflowCatalog.ALL) {
      Worker worker = factory.tryGetWorker(entry.taskQueue());
      if (worker == null) {
        throw new IllegalStateException(
            "no worker for task queue "
                + entry.taskQueue()
                + " (workflow "
                + entry.type()
                + "): list it under spring.temporal.workers");
      }
      worker.registerWorkflowImplementationTypes(options, entry.implementation());
      log.debug("workflow {} registered on {}", entry.type(), entry.taskQueue());
    }
  }
}
