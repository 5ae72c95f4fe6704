package io.iris.simulator;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * The simulator as a process of its own ({@code make simulator}, {@code IRIS_SIMULATOR=process make
 * run}, the fault tests): what the providers received then survives a kill -9 of the platform. Its
 * settings are in {@code iris-simulator-server.yml} (port {@code IRIS_SIMULATOR_PORT}, the platform
 * it calls back {@code IRIS_SIMULATOR_PLATFORM_URL}, the accounts it checks); the platform points
 * its provider URLs at it with {@code IRIS_SIMULATOR_URL}.
 *
 * <p>Limited to the profile {@code simulator-server}, which only {@link #main} turns on: inside the
 * platform the simulator's beans are picked up by the platform's own scan, never this class.
 */
@SpringBootApplication(scanBasePackages = "io.iris.simulator")
@ConfigurationPropertiesScan("io.iris.simulator")
@Profile(SimulatorServer.PROFILE)
public class SimulatorServer {

  static final String PROFILE = "simulator-server";

  public static void main(String[] args) {
    application().run(args);
  }

  /** The simulator application: its own configuration file and the profiles it runs under. */
  public static SpringApplication application() {
    SpringApplication application = new SpringApplication(SimulatorServer.class);
    application.setAdditionalProfiles("dev", PROFILE);
    application.setDefaultProperties(
        java.util.Map.of("spring.config.name", "iris-simulator-server"));
    return application;
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
