package io.iris.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The whole platform in one JVM: REST API, webhooks and page, plus the Temporal workers. */
@SpringBootApplication(scanBasePackages = "io.iris")
@ConfigurationPropertiesScan("io.iris")
public class IrisApplication {
  public static void main(String[] args) {
    SpringApplication.run(IrisApplication.class, args);
  }
}
