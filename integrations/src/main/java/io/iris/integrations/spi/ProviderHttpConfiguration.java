package io.iris.integrations.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one okhttp client all provider adapters share, with the configured timeouts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ProviderHttpSettings.class,
  PublicBaseUrlSettings.class,
  ReconcileSettings.class
})
public class ProviderHttpConfiguration {

  /** Bean name of the shared client. */
  public static final String CLIENT = "providerHttpClient";

  @Bean(CLIENT)
  public OkHttpClient providerHttpClient(ProviderHttpSettings settings) {
    return client(settings);
  }

  /**
   * The adapters' HTTP side. Boot's {@code ObjectMapper} is used where the application has one (it
   * comes with spring-web); a plain one does as well for the adapters' JSON.
   */
  @Bean
  public ProviderHttp providerHttp(
      @Qualifier(CLIENT) OkHttpClient client,
      ObjectProvider<ObjectMapper> json,
      SelfUrls selfUrls,
      Clock clock) {
    return new ProviderHttp(client, json.getIfAvailable(ObjectMapper::new), selfUrls, clock);
  }

  /**
   * Builds the client. Redirects are not followed: provider APIs do not redirect, and following one
   * would let a webhook target send us to an address its URL was checked against. {@link
   * RequestProgress} keeps okhttp from repeating a request on its own and tells a failure before
   * the request was written from one after; clients derived from this one (Slack's, the webhooks'
   * pinned ones) keep both.
   */
  static OkHttpClient client(ProviderHttpSettings settings) {
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .followRedirects(false)
            .followSslRedirects(false)
            .addInterceptor(RequestProgress.TRACK)
            .addNetworkInterceptor(RequestProgress.MARK);
    if (settings.connectTimeout() != null) {
      builder.connectTimeout(settings.connectTimeout());
    }
    if (settings.readTimeout() != null) {
      builder.readTimeout(settings.readTimeout()).writeTimeout(settings.readTimeout());
    }
    if (settings.callTimeout() != null) {
      builder.callTimeout(settings.callTimeout());
    }
    return builder.build();
  }
}
