package io.iris.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How workflows wait out a dependency that is down (PostgreSQL behind the bookkeeping local
 * activities): each attempt is bounded, retries back off up to a ceiling, and the whole is bounded
 * only by a window long enough to ride out an outage. Workflow code creates its local-activity
 * stubs without options; the workers apply these, from configuration, when they register the
 * workflow implementations ({@link #implementationOptions()}).
 *
 * <p>The window matters beyond its length: a local activity whose attempt times out is retried only
 * when a schedule-to-close timeout is set — without one, the first slow attempt fails the workflow.
 *
 * @param attemptTimeout the longest one attempt may take
 * @param initialInterval the first retry's delay
 * @param maxInterval the longest delay between retries
 * @param giveUpAfter how long to keep retrying before the workflow ends the work in a terminal
 *     state (the send reconciler records it if the database is still down then)
 */
public record DependencyRetry(
    Duration attemptTimeout, Duration initialInterval, Duration maxInterval, Duration giveUpAfter) {

  public DependencyRetry {
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (giveUpAfter.compareTo(attemptTimeout) < 0) {
      throw new IllegalArgumentException(
          "the outage tolerance ("
              + giveUpAfter
              + ") is shorter than one attempt ("
              + attemptTimeout
              + ")");
    }
  }

  /** The options of every bookkeeping local activity. */
  public LocalActivityOptions localActivityOptions() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(attemptTimeout)
        .setScheduleToCloseTimeout(giveUpAfter)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(initialInterval)
                .setMaximumInterval(maxInterval)
                .setBackoffCoefficient(2.0)
                .build())
        .build();
  }

  /** The options of activities whose stubs give none (the periodic cycles' database work). */
  public ActivityOptions activityOptions() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(attemptTimeout)
        .setScheduleToCloseTimeout(giveUpAfter)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(initialInterval)
                .setMaximumInterval(maxInterval)
                .setBackoffCoefficient(2.0)
                .build())
        .build();
  }

  /** What the workers register every workflow implementation with. */
  public WorkflowImplementationOptions implementationOptions() {
    return applyTo(WorkflowImplementationOptions.newBuilder()).build();
  }

  public WorkflowImplementationOptions.Builder applyTo(WorkflowImplementationOptions.Builder b) {
    return b.setDefaultLocalActivityOptions(localActivityOptions())
        .setDefaultActivityOptions(activityOptions());
  }
}
