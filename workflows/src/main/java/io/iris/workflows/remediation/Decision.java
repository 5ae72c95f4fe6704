package io.iris.workflows.remediation;

/**
 * A human's answer to an approval request.
 *
 * @param by who (a Slack user "U123 (alice)", or "key 1a2b3c4d: alice" through the API)
 * @param note why, or ""
 * @param source "slack" or "api"
 */
public record Decision(String by, String note, String source) {}
