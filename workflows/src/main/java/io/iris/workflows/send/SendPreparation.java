package io.iris.workflows.send;

/**
 * Everything a send needs before its first provider call, fetched in one local activity: whether it
 * may go, and how.
 */
public record SendPreparation(PolicyDecision policy, SendPlan plan) {}
