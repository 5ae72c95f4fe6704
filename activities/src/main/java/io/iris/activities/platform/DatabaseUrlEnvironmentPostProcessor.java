package io.iris.activities.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code iris.database-url} ({@code DATABASE_URL}, DESIGN §6) onto Spring's datasource
 * settings. It accepts the conventional {@code postgres://user:password@host:port/db?params} form
 * as well as a plain JDBC URL, so the same variable works for this app, psql and hosting platforms.
 */
public class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String VARIABLE = "DATABASE_URL";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    // iris.database-url defaults to ${DATABASE_URL} in iris-platform.yml; tests override it.
    String url = environment.getProperty("iris.database-url", environment.getProperty(VARIABLE));
    if (url == null || url.isBlank()) {
      return;
    }
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("irisDatabaseUrl", datasourceProperties(url.trim())));
  }

  /** The Spring datasource properties that a database URL stands for. */
  static Map<String, Object> datasourceProperties(String url) {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (url.startsWith("jdbc:")) {
      properties.put("spring.datasource.url", url);
      return properties;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          VARIABLE + " is not a valid URL (expected postgres://user:password@host:port/database)");
    }
    String scheme = uri.getScheme();
    if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
      throw new IllegalStateException(
          VARIABLE + " must start with postgres://, postgresql:// or jdbc:postgresql://");
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new IllegalStateException(VARIABLE + " must name a host and a database");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    properties.put("spring.datasource.url", jdbc.toString());
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      properties.put("spring.datasource.username", decode(user));
      if (colon >= 0) {
        properties.put("spring.datasource.password", decode(userInfo.substring(colon + 1)));
      }
    }
    return properties;
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
