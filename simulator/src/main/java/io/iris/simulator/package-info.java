/**
 * The provider simulator, for development ({@code make run}) and tests only, never in the
 * production jar: each external provider's HTTP API spoken exactly as the real one (paths,
 * authentication, idempotency, errors, and the signed callbacks afterwards). It runs inside the
 * platform (its jar on the classpath, profile {@code dev}) or as a process of its own ({@link
 * io.iris.simulator.SimulatorServer}). In development the provider adapters are pointed here, so
 * the dev path runs the production adapters and signature checks end to end. It depends on no
 * module of ours and signs with its own code, so a bug shared with the production code cannot pass
 * both sides. {@code /sim/{provider}/behavior} makes a provider fail, slow down or stop sending
 * receipts, and {@code /sim/{provider}/messages} shows what it received. It stands for the outside
 * world, so it takes no IRIS API key.
 */
package io.iris.simulator;
