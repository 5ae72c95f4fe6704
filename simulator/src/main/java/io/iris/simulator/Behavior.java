package io.iris.simulator;

/**
 * How a simulated provider currently behaves.
 *
 * @param failureRate the probability (0 to 1) that a request fails with 503
 * @param latencyMs how long each answer is delayed
 * @param receipt what the provider reports after accepting a message
 */
public record Behavior(double failureRate, long latencyMs, ReceiptOutcome receipt) {

  public static final Behavior NORMAL = new Behavior(0.0, 0, ReceiptOutcome.DELIVERED);
}
