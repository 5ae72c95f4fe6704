package io.iris.api.devprofile;

import java.util.List;
import java.util.Map;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The application's configuration files, loaded as Spring Boot loads them, for tests over them. */
public final class ConfigurationFiles {

  private ConfigurationFiles() {}

  /**
   * The environment of the api application with these profiles and these environment variables (and
   * no others: the machine's own environment and system properties must not decide a test).
   */
  public static StandardEnvironment load(List<String> profiles, Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    ConfigDataEnvironmentPostProcessor.applyTo(
        environment, null, new DefaultBootstrapContext(), profiles);
    return environment;
  }
}
