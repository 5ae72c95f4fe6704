package io.iris.simulator;

/**
 * The body of {@code PUT /sim/{provider}/behavior}. It replaces the whole behavior: a field left
 * out takes its normal value (no failures, no latency, receipts say delivered).
 */
public record BehaviorRequest(Double failureRate, Long latencyMs, String receipt) {}
