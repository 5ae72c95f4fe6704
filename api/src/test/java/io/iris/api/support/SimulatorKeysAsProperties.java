package io.iris.api.support;

import io.iris.api.simulator.SimulatorKeys;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Tests only, until the simulator publishes its generated keys itself: the receipt callbacks read
 * the Telnyx and SendGrid public keys from configuration only ({@code
 * iris.providers.telnyx.webhook-public-key}, {@code iris.providers.sendgrid.webhook-public-key}),
 * so the simulator's keys are put there, in the form the providers publish them, before any setting
 * is bound.
 */
@Component
@Profile("dev")
class SimulatorKeysAsProperties implements BeanFactoryPostProcessor, EnvironmentAware {

  private ConfigurableEnvironment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = (ConfigurableEnvironment) environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
    SimulatorKeys keys = beans.getBean(SimulatorKeys.class);
    byte[] ed25519 = keys.telnyx().orElseThrow().getEncoded();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "simulator-webhook-keys",
                Map.of(
                    "iris.providers.telnyx.webhook-public-key",
                    Base64.getEncoder()
                        .encodeToString(
                            Arrays.copyOfRange(ed25519, ed25519.length - 32, ed25519.length)),
                    "iris.providers.sendgrid.webhook-public-key",
                    Base64.getEncoder()
                        .encodeToString(keys.sendgrid().orElseThrow().getEncoded()))));
  }
}
