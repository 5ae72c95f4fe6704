package io.iris.workflows.remediation;

import java.util.Locale;

/** Where a remediation run is (the API's {@code status}). */
public enum RemediationStatus {
  RUNNING,
  AWAITING_APPROVAL,
  /** Verified: the incident may resolve. */
  SUCCEEDED,
  /** It did not work and nothing was undone (no step applied, rejected, or nothing to undo). */
  FAILED,
  /** Verification failed and the applied steps were undone. */
  ROLLED_BACK,
  /** Handed to humans: approval timed out, the kill switch, or a step it may not take. */
  ESCALATED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isFinal() {
    return this != RUNNING && this != AWAITING_APPROVAL;
  }
}
