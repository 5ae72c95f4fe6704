package io.iris.workflows.capacity;

import java.util.Objects;

/**
 * A constraint the forecast reaches within the warning horizon, once per constraint and day.
 *
 * @param constraint {@code messages_per_day} or {@code cost_per_day}
 * @param date the forecast's day (ISO date)
 * @param severity {@code warning} (within 30 days) or {@code critical} (within 7)
 * @param detail in plain words, as Slack and the audit log say it
 */
public record CapacityAlert(String constraint, String date, String severity, String detail) {
  public CapacityAlert {
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(severity, "severity");
    detail = detail == null ? "" : detail;
  }
}
