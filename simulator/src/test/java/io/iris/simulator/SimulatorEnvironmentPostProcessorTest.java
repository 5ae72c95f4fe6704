package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SimulatorEnvironmentPostProcessorTest {

  private static StandardEnvironment environment(String... profiles) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.setActiveProfiles(profiles);
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("iris.simulator.key-dir", "")));
    return environment;
  }

  @Test
  void givenTheDevProfile_theKeysShouldBePublishedUnderThePlatformsSettings() {
    StandardEnvironment dev = environment("dev");

    new SimulatorEnvironmentPostProcessor().postProcessEnvironment(dev, null);

    assertThat(dev.getProperty("iris.providers.telnyx.webhook-public-key")).isNotBlank();
    assertThat(dev.getProperty("iris.providers.sendgrid.webhook-public-key")).isNotBlank();
    assertThat(new SimulatorKeys(dev).telnyxSigningKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
    // The last source: whatever else is configured comes first.
    assertThat(dev.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
        .isEqualTo(SimulatorEnvironmentPostProcessor.SOURCE_NAME);
  }

  @Test
  void givenAnOperatorsKey_itShouldWinOverTheSimulatorsOwn() {
    StandardEnvironment dev = environment("dev");
    dev.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "operator", Map.of("iris.providers.telnyx.webhook-public-key", "operator-key")));

    new SimulatorEnvironmentPostProcessor().postProcessEnvironment(dev, null);

    assertThat(dev.getProperty("iris.providers.telnyx.webhook-public-key"))
        .isEqualTo("operator-key");
  }

  @Test
  void givenNoDevProfile_nothingShouldBePublished() {
    StandardEnvironment production = environment();

    new SimulatorEnvironmentPostProcessor().postProcessEnvironment(production, null);

    assertThat(
            production.getPropertySources().contains(SimulatorEnvironmentPostProcessor.SOURCE_NAME))
        .isFalse();
    assertThat(production.getProperty("iris.providers.telnyx.webhook-public-key")).isNull();
  }
}
