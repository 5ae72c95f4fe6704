package io.iris.api.support;

import io.iris.api.IrisApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application against the real Temporal dev server that {@code make test} starts, the
 * PostgreSQL test database and the provider simulator. End-to-end classes share this one context:
 * two would both poll the dev server's task queues and serve each other's tasks.
 */
@SpringBootTest(
    classes = IrisApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"dev", "test"})
@AutoConfigureObservability
public abstract class RealTemporalTestBase {

  protected static final String ADMIN_KEY = RealTemporal.ADMIN_KEY;

  @DynamicPropertySource
  static void realTemporal(DynamicPropertyRegistry registry) {
    registry.add("iris.temporal.embedded", () -> "false");
    registry.add("iris.temporal.target", RealTemporal::target);
  }

  @Value("${local.server.port}")
  protected int port;

  protected ApiClient api() {
    return new ApiClient(port);
  }
}
