package io.iris.workflows.remediation;

import java.util.List;

/**
 * The runbooks an incident tries, in order, and the timings they run with. Empty when no runbook
 * matches or remediation is switched off: the incident then pages as it always did.
 */
public record RemediationPlan(List<Runbook> runbooks, RemediationPolicy policy) {
  public RemediationPlan {
    runbooks = runbooks == null ? List.of() : List.copyOf(runbooks);
  }

  /** Not a property: Jackson would write it as "empty" and refuse it on the way back. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isEmpty() {
    return runbooks.isEmpty();
  }
}
