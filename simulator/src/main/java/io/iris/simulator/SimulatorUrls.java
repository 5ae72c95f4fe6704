package io.iris.simulator;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the simulator is and where the platform it calls back is. {@code {local-port}} in a URL is
 * this process's port, read at call time (tests use random ports): in the platform's process (the
 * in-process simulator) that is the platform itself.
 */
@Component
@Profile("dev")
class SimulatorUrls {

  static final String LOCAL_PORT_TOKEN = "{local-port}";

  /** The platform's base URL, which the simulated providers call back. */
  static final String PLATFORM_URL = "iris.simulator.platform-url";

  private final Environment environment;

  SimulatorUrls(Environment environment) {
    this.environment = environment;
  }

  /** The URL with {@code {local-port}} replaced by the port this process listens on. */
  String resolve(String url) {
    if (url == null || !url.contains(LOCAL_PORT_TOKEN)) {
      return url;
    }
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    return url.replace(LOCAL_PORT_TOKEN, port);
  }

  /** The platform's base URL without a trailing slash, e.g. {@code http://localhost:8080}. */
  String platform() {
    String url = resolve(environment.getProperty(PLATFORM_URL, "http://localhost:{local-port}"));
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
