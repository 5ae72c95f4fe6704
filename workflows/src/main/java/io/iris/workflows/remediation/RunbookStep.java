package io.iris.workflows.remediation;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a runbook.
 *
 * @param action what it does
 * @param params its constant parameters as written in the runbook (validated per action at load),
 *     e.g. {@code ofAverage: "2"} for {@code throttle_tenant}
 * @param maxPerHour a tighter blast-radius limit than the action's configured one; 0: the
 *     configured one
 */
public record RunbookStep(RemediationAction action, Map<String, String> params, int maxPerHour) {
  public RunbookStep {
    Objects.requireNonNull(action, "action");
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
