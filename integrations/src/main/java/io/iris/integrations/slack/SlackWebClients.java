package io.iris.integrations.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import io.iris.integrations.spi.ProviderHttpConfiguration;
import io.iris.integrations.spi.SelfUrls;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * {@code slack-api-client} instances, one per resolved methods prefix. The prefix is only known at
 * call time (it may contain {@code {local-port}}), and each {@link SlackConfig} owns thread pools,
 * so clients are made once per prefix and closed with the context. Request and response logging is
 * off: the default listeners log whole bodies (message text) at debug.
 *
 * <p>One cache for both directions of Slack in IRIS: the {@code slack} channel's adapter and the
 * incident messages post through the same clients.
 *
 * <p>The HTTP client is built from a base client (the providers' shared one, with its timeouts),
 * with its own dispatcher and pool because {@link Slack#close()} shuts those down.
 */
@Component
public class SlackWebClients implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SlackWebClients.class);

  private final SelfUrls selfUrls;
  private final OkHttpClient base;
  private final ConcurrentMap<String, Slack> clients = new ConcurrentHashMap<>();

  public SlackWebClients(
      SelfUrls selfUrls, @Qualifier(ProviderHttpConfiguration.CLIENT) OkHttpClient base) {
    this.selfUrls = selfUrls;
    this.base = base;
  }

  /**
   * The client for a configured methods prefix, resolved now.
   *
   * @return empty when the prefix resolves to nothing
   */
  public Optional<Slack> forPrefix(String configuredPrefix) {
    String prefix = selfUrls.resolve(configuredPrefix);
    if (prefix == null || prefix.isBlank()) {
      return Optional.empty();
    }
    String normalized = prefix.trim().endsWith("/") ? prefix.trim() : prefix.trim() + "/";
    return Optional.of(clients.computeIfAbsent(normalized, this::newClient));
  }

  private Slack newClient(String methodsPrefix) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(methodsPrefix);
    config.setStatsEnabled(false);
    config.setPrettyResponseLoggingEnabled(false);
    config.setHttpClientResponseHandlers(new ArrayList<>());
    OkHttpClient http =
        base.newBuilder().dispatcher(new Dispatcher()).connectionPool(new ConnectionPool()).build();
    return Slack.getInstance(config, new SlackHttpClient(http));
  }

  @Override
  public void destroy() {
    for (Slack slack : clients.values()) {
      try {
        slack.close();
      } catch (Exception e) {
        log.debug("closing a Slack client failed", e);
      }
    }
    clients.clear();
  }
}
