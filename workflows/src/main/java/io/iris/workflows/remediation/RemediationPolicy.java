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
 */
public record RemediationPolicy(
    Duration stabilizationWait, Duration settle, Duration approvalTimeout) {
  public RemediationPolicy {
    Objects.requireNonNull(stabilizationWait, "stabilizationWait");
    Objects.requireNonNull(settle, "settle");
    Objects.requireNonNull(approvalTimeout, "approvalTimeout");
  }
}
