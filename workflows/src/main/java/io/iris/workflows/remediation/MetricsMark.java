package io.iris.workflows.remediation;

/**
 * Where a fresh-metrics window starts: the cumulative totals of a scope at {@code atMillis}, kept
 * by the activities in {@code state} (opaque to the workflow), so that {@link
 * RemediationActivities#measureSince} can take exactly what came after.
 */
public record MetricsMark(VerifyCondition.Scope scope, long atMillis, String state) {}
