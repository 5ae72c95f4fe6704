package io.iris.workflows.incident;

import java.util.Locale;

/** Where an incident is. */
public enum IncidentStatus {
  OPEN,
  /** Escalated past its first level and still not acknowledged. */
  ESCALATED,
  ACKNOWLEDGED,
  REMEDIATING,
  RESOLVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
