package io.iris.workflows.remediation;

import io.iris.workflows.incident.Severity;
import java.util.Objects;

/**
 * One detected anomaly as incidents and remediations carry it: what it is, where, and the figures
 * that made it. Its scope fields are "" where they do not apply (a backlog has no provider).
 *
 * <p>An incident no anomaly opened (an Alertmanager alert) has a ref of its own for its runbooks
 * ({@link #ofIncident}): no type, no anomaly row, no figures, the scope its alert's labels give.
 *
 * @param anomalyId the {@code anomaly_events} row, or "" for an incident's own scope
 * @param type the kind of anomaly; {@code null} for an incident's own scope
 * @param dedupKey the row's key while open, e.g. {@code provider_outage:sms:twilio}
 * @param channel the channel's wire name, or ""
 * @param provider the provider's configured name, or ""
 * @param tenantId the tenant, or ""
 * @param taskQueue the task queue of a backlog, or ""
 * @param expected what was expected (in {@code unit})
 * @param actual what was measured (in {@code unit})
 * @param deviationPercent (actual − expected) / expected × 100
 * @param unit percent, ms, usd_per_hour, messages or ratio
 * @param detail in plain words
 * @param detectedAtMillis when it was first detected
 */
public record AnomalyRef(
    String anomalyId,
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
    long detectedAtMillis) {

  public AnomalyRef {
    Objects.requireNonNull(anomalyId, "anomalyId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(dedupKey, "dedupKey");
    channel = channel == null ? "" : channel;
    provider = provider == null ? "" : provider;
    tenantId = tenantId == null ? "" : tenantId;
    taskQueue = taskQueue == null ? "" : taskQueue;
    unit = unit == null ? "" : unit;
    detail = detail == null ? "" : detail;
  }

  /**
   * The scope of an incident no anomaly opened, for its runbooks: its type (e.g. {@code
   * alertmanager:HighErrorRate}) in {@link #detail}, and what its alert's labels name.
   */
  public static AnomalyRef ofIncident(
      String incidentType,
      Severity severity,
      String dedupKey,
      String channel,
      String provider,
      String tenantId,
      String taskQueue,
      long openedAtMillis) {
    return new AnomalyRef(
        "",
        null,
        severity,
        dedupKey == null ? "" : dedupKey,
        channel,
        provider,
        tenantId,
        taskQueue,
        0,
        0,
        0,
        "",
        incidentType,
        openedAtMillis);
  }

  /** What it is in the API's words: the anomaly type's wire name, or the incident's type. */
  public String kind() {
    return type != null ? type.wireName() : detail.isBlank() ? "incident" : detail;
  }

  /** Whether it is an incident's own scope rather than a detected anomaly. */
  public boolean incidentScope() {
    return type == null;
  }

  /** The incident dedup key of the incident this anomaly opens: {@code anomaly:{dedupKey}}. */
  public String incidentDedupKey() {
    return "anomaly:" + dedupKey;
  }
}
