package io.iris.integrations.spi;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Resolves the {@code {local-port}} token in configured URLs at call time, so URLs that point at
 * this very process (the provider simulator, status callbacks in development) work even when the
 * port is chosen at start-up (tests use random ports).
 */
@Component
public class SelfUrls {

  public static final String LOCAL_PORT_TOKEN = "{local-port}";

  private final Environment environment;

  public SelfUrls(Environment environment) {
    this.environment = environment;
  }

  /** The URL with {@code {local-port}} replaced by the port this process listens on. */
  public String resolve(String url) {
    if (url == null || !url.contains(LOCAL_PORT_TOKEN)) {
      return url;
    }
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    return url.replace(LOCAL_PORT_TOKEN, port);
  }
}
