package io.iris.integrations.pagerduty;

import io.iris.integrations.spi.ProviderHttpSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PagerDuty settings and clients. PagerDuty calls use the providers' HTTP timeouts ({@code
 * iris.providers.connect-timeout} and {@code read-timeout}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PagerDutySettings.class)
public class PagerDutyConfiguration {

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

  @Bean
  PagerDutyEventsClients pagerDutyEventsClients(ProviderHttpSettings providers) {
    return new PagerDutyEventsClients(
        providers.connectTimeout() != null ? providers.connectTimeout() : DEFAULT_CONNECT_TIMEOUT,
        providers.readTimeout() != null ? providers.readTimeout() : DEFAULT_READ_TIMEOUT);
  }
}
