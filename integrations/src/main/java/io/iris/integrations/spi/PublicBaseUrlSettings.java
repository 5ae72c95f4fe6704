package io.iris.integrations.spi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where providers reach us ({@code iris.public-base-url}, {@code IRIS_PUBLIC_BASE_URL}; default in
 * {@code iris-providers.yml}): the base of status-callback URLs. May contain {@code {local-port}}.
 *
 * @param publicBaseUrl scheme, host, port and optional path prefix, without a trailing slash
 */
@ConfigurationProperties("iris")
public record PublicBaseUrlSettings(String publicBaseUrl) {
  public PublicBaseUrlSettings {
    publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.trim();
  }
}
