package io.iris.activities.routing;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Keeps the health metrics' partitions once at start-up as well as in every health evaluation, so a
 * process without the Schedule (embedded mode) still gets its days. A database that does not answer
 * only delays it to the next evaluation.
 */
@Component
class HealthStorageStartup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(HealthStorageStartup.class);

  private final HealthStorage storage;
  private final Clock clock;

  HealthStorageStartup(HealthStorage storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    try {
      storage.maintain(clock.instant());
    } catch (RuntimeException e) {
      log.warn(
          "health metrics partitions not kept at start-up (next evaluation will): {}",
          e.getMessage());
    }
  }
}
