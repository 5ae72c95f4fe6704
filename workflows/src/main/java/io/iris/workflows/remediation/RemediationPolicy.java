package io.iris.workflows.remediation;

import java.time.Duration;
import java.util.Objects;

/**
 * The configured timings of a remediation, carried as data (recorded with the plan, so a restart
 * with other settings does not change a running remediation).
 *
 * @param stabilizationWait how long fresh metrics are gathered after the steps ({@code
 *     IRIS_REMEDIATION_STABILIZATION_WAIT}), unless the runbook says otherwise
 * @param settle the pause between the last step and the start of the fresh window ({@code
 *     IRIS_REMEDIATION_SETTLE}): outcomes from before the steps still being flushed stay out of it
 * @param approvalTimeout how long an approval is waited for before humans are paged ({@code
 *     IRIS_REMEDIATION_APPROVAL_TIMEOUT})
 * @param activityTimeout the longest one attempt of a step, measurement or row write may take
 *     ({@code IRIS_REMEDIATION_ACTIVITY_TIMEOUT}); {@code null} (a run from before it was
 *     configurable): 30s
 * @param activityRetryWindow how long such work is retried (a database outage, say) before the step
 *     counts as failed and the incident moves on to the next runbook or to humans ({@code
 *     IRIS_REMEDIATION_ACTIVITY_RETRY_WINDOW}); {@code null}: 5m
 */
public record RemediationPolicy(
    Duration stabilizationWait,
    Duration settle,
    Duration approvalTimeout,
    Duration activityTimeout,
    Duration activityRetryWindow) {

  public static final Duration DEFAULT_ACTIVITY_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_ACTIVITY_RETRY_WINDOW = Duration.ofMinutes(5);

  public RemediationPolicy {
    Objects.requireNonNull(stabilizationWait, "stabilizationWait");
    Objects.requireNonNull(settle, "settle");
    Objects.requireNonNull(approvalTimeout, "approvalTimeout");
    activityTimeout = activityTimeout == null ? DEFAULT_ACTIVITY_TIMEOUT : activityTimeout;
    activityRetryWindow =
        activityRetryWindow == null ? DEFAULT_ACTIVITY_RETRY_WINDOW : activityRetryWindow;
  }

  /** With the default activity timings. */
  public RemediationPolicy(Duration stabilizationWait, Duration settle, Duration approvalTimeout) {
    this(stabilizationWait, settle, approvalTimeout, null, null);
  }
}
