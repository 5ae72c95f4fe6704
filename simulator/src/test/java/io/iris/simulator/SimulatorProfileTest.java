package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * The simulator must never run outside development: it answers as the providers would, so in
 * production it would be a door anyone could knock on. Every bean in its package is limited to the
 * dev profile, and the standalone application's configuration to the profile only its main method
 * turns on (so the platform's own scan of {@code io.iris} never picks it up).
 */
class SimulatorProfileTest {

  @Test
  void givenTheSimulatorPackage_whenScanned_everyBeanShouldBeLimitedToTheDevProfile()
      throws ClassNotFoundException {
    // Scanned as in development, where the profile condition lets the simulator's beans in.
    StandardEnvironment dev = new StandardEnvironment();
    dev.setActiveProfiles("dev");
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, dev);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    Set<BeanDefinition> beans = scanner.findCandidateComponents("io.iris.simulator");
    Set<String> main =
        beans.stream()
            .map(BeanDefinition::getBeanClassName)
            .filter(name -> !name.endsWith("Test"))
            .collect(Collectors.toSet());

    assertThat(main)
        .contains(
            TwilioSimulator.class.getName(),
            SimulatorControlController.class.getName(),
            SimulatorKeys.class.getName());
    // The platform's scan in development leaves the standalone application out.
    assertThat(main).doesNotContain(SimulatorServer.class.getName());
    assertThat(SimulatorServer.class.getAnnotation(Profile.class).value())
        .containsExactly(SimulatorServer.PROFILE);
    for (String name : main) {
      Profile profile = Class.forName(name).getAnnotation(Profile.class);
      assertThat(profile).as(name + " has @Profile").isNotNull();
      assertThat(Arrays.asList(profile.value())).as(name).containsExactly("dev");
    }
  }
}
