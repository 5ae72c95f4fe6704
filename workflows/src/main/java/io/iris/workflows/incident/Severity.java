package io.iris.workflows.incident;

import java.util.Locale;

/** How bad an incident is; decides escalation timing and the PagerDuty severity. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromWire(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** PagerDuty Events v2 severities: critical, error, warning, info. */
  public String pagerDutySeverity() {
    return switch (this) {
      case CRITICAL -> "critical";
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "info";
    };
  }
}
