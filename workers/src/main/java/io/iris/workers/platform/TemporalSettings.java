package io.iris.workers.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this process reaches Temporal ({@code iris.temporal.*}; defaults in iris-platform.yml).
 *
 * @param target host:port of the frontend service ({@code TEMPORAL_TARGET})
 * @param namespace the namespace ({@code TEMPORAL_NAMESPACE})
 * @param embedded use Temporal's in-process server instead of a real one
 * @param workersEnabled poll task queues in this process
 * @param registrationTimeout how long start-up keeps trying to register search attributes
 * @param healthTimeout deadline of the health probe's call
 */
@ConfigurationProperties("iris.temporal")
public record TemporalSettings(
    String target,
    String namespace,
    boolean embedded,
    boolean workersEnabled,
    Duration registrationTimeout,
    Duration healthTimeout) {}
