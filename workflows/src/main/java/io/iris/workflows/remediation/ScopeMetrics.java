package io.iris.workflows.remediation;

import java.util.Map;
import java.util.Optional;

/**
 * Figures of one scope over a window, as a remediation records them before and verifies them after.
 *
 * @param samples how many outcomes, calls or messages they rest on
 * @param values by {@link VerifyCondition.Metric} wire name; a metric with no data is absent
 */
public record ScopeMetrics(
    VerifyCondition.Scope scope,
    long fromMillis,
    long toMillis,
    long samples,
    Map<String, Double> values) {
  public ScopeMetrics {
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  public Optional<Double> value(VerifyCondition.Metric metric) {
    return Optional.ofNullable(values.get(metric.wireName()));
  }
}
