package io.iris.activities.incident.slack;

import io.iris.activities.platform.SelfUrls;
import io.iris.activities.send.provider.ProviderHttpConfiguration;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The incident Slack settings and clients. Slack calls share the providers' HTTP client settings
 * (connect and read timeouts, no redirects).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlackIncidentSettings.class)
public class SlackIncidentConfiguration {

  @Bean
  SlackWebClients incidentSlackClients(
      SelfUrls selfUrls, @Qualifier(ProviderHttpConfiguration.CLIENT) OkHttpClient base) {
    return new SlackWebClients(selfUrls, base);
  }
}
