package io.iris.simulator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the provider simulator behaves beyond what {@code PUT /sim/{provider}/behavior} sets.
 *
 * @param receiptDelay the wait before each status change after a message is accepted (and before
 *     the callback that reports it)
 * @param seed the seed of the random failures, for repeatable runs; empty for a random seed
 * @param callbackAttempts how many times a status callback is tried when our webhook does not
 *     answer 2xx (providers retry too)
 * @param callbackRetryDelay the wait before the second try, growing linearly after it
 * @param callbackTimeout the deadline of one callback request
 */
@ConfigurationProperties("iris.simulator")
public record SimulatorSettings(
    @DefaultValue("100ms") Duration receiptDelay,
    Long seed,
    @DefaultValue("4") int callbackAttempts,
    @DefaultValue("250ms") Duration callbackRetryDelay,
    @DefaultValue("5s") Duration callbackTimeout) {}
