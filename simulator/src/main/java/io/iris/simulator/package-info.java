/**
 * The provider simulator (Spring profile {@code dev}): each external provider's HTTP API, spoken
 * exactly as the real one (paths, authentication, idempotency, errors, and the signed status
 * callbacks afterwards), inside this process. In development the provider adapters are pointed
 * here, so the dev path runs the production adapters and signature checks end to end. {@code
 * /sim/{provider}/behavior} makes a provider fail, slow down or stop sending receipts, and {@code
 * /sim/{provider}/messages} shows what it received. It stands for the outside world, so it takes no
 * IRIS API key.
 */
package io.iris.simulator;
