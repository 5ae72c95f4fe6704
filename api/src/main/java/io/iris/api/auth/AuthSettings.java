package io.iris.api.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API key settings ({@code iris.auth.*}; defaults in application.yml).
 *
 * @param bootstrapAdminKey the admin key from {@code IRIS_BOOTSTRAP_ADMIN_KEY}, or blank
 * @param rotationGrace how long a rotated key keeps working by default
 * @param maxRotationGrace the longest grace period a caller may ask for
 * @param lastUsedResolution how often a key's last use is written at most
 */
@ConfigurationProperties("iris.auth")
public record AuthSettings(
    String bootstrapAdminKey,
    Duration rotationGrace,
    Duration maxRotationGrace,
    Duration lastUsedResolution) {}
