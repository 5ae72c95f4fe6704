package io.iris.workers.platform;

import io.iris.workflows.common.DependencyRetry;
import io.temporal.spring.boot.WorkflowImplementationOptionsCustomizer;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The options every workflow implementation is registered with: how its bookkeeping activities ride
 * out a database outage ({@link DependencyRetry}), from configuration.
 */
@Configuration(proxyBeanMethods = false)
class WorkflowRegistration {

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

  @Bean
  WorkflowImplementationOptionsCustomizer dependencyRetryOptions(Settings settings) {
    DependencyRetry retry = settings.retry();
    return (builder, worker, workflowClass, method) -> retry.applyTo(builder);
  }
}
