package io.iris.workers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Temporal workers on their own, for deployments that scale them apart from the api. */
@SpringBootApplication(
    scanBasePackages = {"io.iris.workers", "io.iris.integrations", "io.iris.activities"})
@ConfigurationPropertiesScan({"io.iris.workers", "io.iris.integrations", "io.iris.activities"})
public class WorkersApplication {
  public static void main(String[] args) {
    new SpringApplicationBuilder(WorkersApplication.class)
        .properties("spring.config.name=iris-workers")
        .run(args);
  }
}
