package io.iris.workflows.incident;

/**
 * An alert attached to an incident, as its source last reported it.
 *
 * @param fingerprint the alert's stable identity (Alertmanager's fingerprint)
 * @param firing true while the alert fires; false once resolved
 */
public record AlertUpdate(String fingerprint, boolean firing, String summary) {}
