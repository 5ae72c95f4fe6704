package io.iris.integrations.spi;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Asking a provider about a send whose outcome is unknown ({@code iris.providers.reconcile.*};
 * defaults in {@code iris-providers.yml}).
 *
 * @param clockSkew how far the provider's clock may be behind ours: a copy of the message is looked
 *     for from when we accepted it, less this ({@code IRIS_PROVIDER_RECONCILE_CLOCK_SKEW}). Larger
 *     finds a copy stamped by a slow clock; smaller takes fewer earlier messages of the same
 *     recipient for ours where a provider shows no text (Plivo).
 */
@ConfigurationProperties("iris.providers.reconcile")
public record ReconcileSettings(Duration clockSkew) {

  public ReconcileSettings {
    clockSkew = clockSkew == null || clockSkew.isNegative() ? Duration.ZERO : clockSkew;
  }
}
