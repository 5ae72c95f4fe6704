package io.iris.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest extends ApiTestBase {

  /**
   * Our code, Spring MVC and jOOQ at their most verbose. (Tomcat's own wire dump at DEBUG prints
   * raw headers of any request; it is a container debugging aid, never enabled in operation.)
   */
  private static final List<String> VERBOSE =
      List.of("io.iris", "org.springframework.web", "org.springframework.jdbc", "org.jooq");

  @Autowired LoggingSystem logging;

  @BeforeEach
  void logEverything() {
    VERBOSE.forEach(name -> logging.setLogLevel(name, LogLevel.TRACE));
  }

  @AfterEach
  void restore() {
    VERBOSE.forEach(name -> logging.setLogLevel(name, null));
  }

  @Test
  void givenTraceLogging_whenKeysAreMadeUsedRotatedAndRejected_noKeyShouldAppearInTheLogs(
      CapturedOutput output) {
    JsonNode tenant = createTenant(uniqueName("quiet"));
    String key = tenant.get("apiKey").asText();
    api().get("/v1/me", key);
    String rotated =
        api()
            .post("/v1/api-keys/" + tenant.get("apiKeyId").asText() + "/rotate", key, "{}")
            .json()
            .get("apiKey")
            .asText();
    api().get("/v1/me", rotated);
    String wrong = "iris_" + "W".repeat(43);
    api().get("/v1/me", wrong);

    // The test has teeth only if something was logged at all.
    assertThat(output.getAll()).contains("/v1/me");
    assertThat(output.getAll())
        .doesNotContain(key)
        .doesNotContain(rotated)
        .doesNotContain(wrong)
        .doesNotContain(ADMIN_KEY);
  }
}
