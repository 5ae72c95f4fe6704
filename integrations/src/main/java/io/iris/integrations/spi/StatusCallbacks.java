package io.iris.integrations.spi;

import java.util.UUID;
import okhttp3.HttpUrl;
import org.springframework.stereotype.Component;

/**
 * Builds the status-callback URLs handed to providers: {@code {public-base-url}{path}?messageId=…},
 * resolved at call time so {@code {local-port}} becomes the port this process listens on.
 */
@Component
public class StatusCallbacks {

  private final PublicBaseUrlSettings settings;
  private final SelfUrls selfUrls;

  public StatusCallbacks(PublicBaseUrlSettings settings, SelfUrls selfUrls) {
    this.settings = settings;
    this.selfUrls = selfUrls;
  }

  /**
   * The callback URL for one message.
   *
   * @param provider the provider the URL is for (named in the failure)
   * @param path the receiving endpoint under the public base, e.g. {@code /webhooks/twilio/status}
   * @throws ProviderException {@code REJECTED} when {@code iris.public-base-url} is not an http(s)
   *     URL: the provider cannot be used until it is fixed
   */
  public String forMessage(String provider, String path, UUID messageId) {
    HttpUrl url = HttpUrl.parse(selfUrls.resolve(settings.publicBaseUrl()));
    if (url == null) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          provider,
          0,
          "",
          "iris.public-base-url is not an http(s) URL, so no status callback can be given");
    }
    return url.newBuilder()
        .addPathSegments(path.startsWith("/") ? path.substring(1) : path)
        .addQueryParameter("messageId", messageId.toString())
        .build()
        .toString();
  }
}
