package io.iris.activities.remediation;

import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.Runbook;
import java.util.List;

/** The runbooks loaded (and validated) at start-up. */
public interface Runbooks {

  /** Every runbook, by order then name. */
  List<Runbook> all();

  /**
   * The runbooks that fix an incident of this type, severity and channel ("" for none), in the
   * order to try them (by {@link Runbook#order()}, then name).
   */
  List<Runbook> matching(String type, Severity severity, String channel);
}
