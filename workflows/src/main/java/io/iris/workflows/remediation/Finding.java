package io.iris.workflows.remediation;

import io.iris.workflows.incident.Severity;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one rule of {@link AnomalyRules} found in one detection run, before it is stored: the store
 * turns it into a new {@code anomaly_events} row or a repeat of the open one with the same {@link
 * #dedupKey}.
 *
 * @param dedupKey one key per anomaly while it persists, e.g. {@code provider_outage:sms:twilio}
 * @param channel the channel's wire name, or ""
 * @param provider the provider, or ""
 * @param tenantId the tenant, or ""
 * @param taskQueue the task queue of a backlog, or ""
 * @param expected what was expected, in {@code unit}
 * @param actual what was measured, in {@code unit}
 * @param deviationPercent (actual − expected) / expected × 100 (0 when nothing was expected)
 * @param unit percent, ms, usd_per_hour, messages or ratio
 * @param detail in plain words, expected against actual
 * @param evidence the window figures and settings the rule judged, by name (sorted)
 */
public record Finding(
    AnomalyType type,
    Severity severity,
    String dedupKey,
    String channel,
    String provider,
    String tenantId,
    String taskQueue,
    double expected,
    double actual,
    double deviationPercent,
    String unit,
    String detail,
    Map<String, String> evidence) {

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(dedupKey, "dedupKey");
    channel = channel == null ? "" : channel;
    provider = provider == null ? "" : provider;
    tenantId = tenantId == null ? "" : tenantId;
    taskQueue = taskQueue == null ? "" : taskQueue;
    unit = unit == null ? "" : unit;
    detail = detail == null ? "" : detail;
    // Sorted, so the payload (and a recorded history) is the same in every JVM.
    evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(evidence));
  }

  /** The anomaly this finding is once stored as {@code anomalyId}, first detected at that time. */
  public AnomalyRef toRef(String anomalyId, long detectedAtMillis) {
    return new AnomalyRef(
        anomalyId,
        type,
        severity,
        dedupKey,
        channel,
        provider,
        tenantId,
        taskQueue,
        expected,
        actual,
        deviationPercent,
        unit,
        detail,
        detectedAtMillis);
  }
}
