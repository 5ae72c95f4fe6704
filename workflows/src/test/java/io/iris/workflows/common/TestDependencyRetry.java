package io.iris.workflows.common;

import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;

/** The options the workers give every workflow, with test-sized durations. */
public final class TestDependencyRetry {

  /** Attempts of 2 s, retried from 100 ms up to every second, for up to an hour. */
  public static final DependencyRetry RETRY =
      new DependencyRetry(
          Duration.ofSeconds(2),
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          Duration.ofHours(1));

  public static final WorkflowImplementationOptions OPTIONS = RETRY.implementationOptions();

  private TestDependencyRetry() {}
}
