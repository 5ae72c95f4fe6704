package io.iris.integrations.spi;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The HTTP limits every provider call shares ({@code iris.providers.*-timeout}; defaults written
 * once in {@code iris-providers.yml}). Each provider's own settings are bound in its package, under
 * {@code iris.providers.<name>}.
 *
 * @param connectTimeout how long to wait for a TCP/TLS connection ({@code
 *     IRIS_PROVIDER_CONNECT_TIMEOUT})
 * @param readTimeout how long to wait for bytes of an answer, and to write the request ({@code
 *     IRIS_PROVIDER_READ_TIMEOUT})
 * @param callTimeout the longest one whole exchange may take, connecting and reading the answer
 *     included ({@code IRIS_PROVIDER_CALL_TIMEOUT}). Kept below the send activity's own timeout
 *     ({@code IRIS_SEND_PROVIDER_CALL_TIMEOUT}): a call must give up, and report that the provider
 *     may have the message, before Temporal times the activity out and runs it again.
 */
@ConfigurationProperties("iris.providers")
public record ProviderHttpSettings(
    Duration connectTimeout, Duration readTimeout, Duration callTimeout) {}
