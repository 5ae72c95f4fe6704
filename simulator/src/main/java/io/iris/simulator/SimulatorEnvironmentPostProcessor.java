package io.iris.simulator;

import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes the simulator's signing keys through configuration when the simulator runs (profile
 * {@code dev}): the public halves under the platform's own settings ({@code
 * iris.providers.telnyx.webhook-public-key}, {@code iris.providers.sendgrid.webhook-public-key}),
 * which its webhooks verify against, and the private halves for the simulator's signers. The
 * property source is the LAST one, so anything an operator configures (an environment variable, a
 * command-line argument, a file) wins over it.
 */
public class SimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "irisSimulatorKeys";
  static final String KEY_DIR = "iris.simulator.key-dir";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.matchesProfiles("dev")
        || environment.getPropertySources().contains(SOURCE_NAME)) {
      return;
    }
    String folder = environment.getProperty(KEY_DIR, "").trim();
    SigningKeyMaterial keys =
        SigningKeyMaterial.loadOrCreate(folder.isEmpty() ? null : Path.of(folder));
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, keys.properties()));
  }
}
