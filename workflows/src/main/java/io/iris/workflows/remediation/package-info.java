/**
 * The remediation context's workflow side (issue 10, seed 000 §3): anomalies ({@link
 * io.iris.workflows.remediation.AnomalyRef}, found by the detection Schedule's workflow) open
 * incidents; an incident with a matching {@link io.iris.workflows.remediation.Runbook} runs a
 * {@link io.iris.workflows.remediation.RemediationWorkflow} per runbook as a child, which performs
 * the steps ({@link io.iris.workflows.remediation.RemediationActivities}), waits, verifies on fresh
 * {@link io.iris.workflows.remediation.ScopeMetrics} against the runbook's {@link
 * io.iris.workflows.remediation.VerifyCondition}, and rolls back when it fails. Runbooks travel as
 * data, so a running remediation never changes under an edited file.
 */
package io.iris.workflows.remediation;
