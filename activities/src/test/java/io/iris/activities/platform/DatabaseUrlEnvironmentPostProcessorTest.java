package io.iris.activities.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlEnvironmentPostProcessorTest {

  @Test
  void givenAPostgresUrl_whenMapped_itShouldSplitCredentialsFromTheJdbcUrl() {
    Map<String, Object> p =
        DatabaseUrlEnvironmentPostProcessor.datasourceProperties(
            "postgres://ops:s%40cret@db.internal:6543/iris?sslmode=require");
    assertThat(p)
        .containsEntry(
            "spring.datasource.url", "jdbc:postgresql://db.internal:6543/iris?sslmode=require")
        .containsEntry("spring.datasource.username", "ops")
        .containsEntry("spring.datasource.password", "s@cret");
  }

  @Test
  void givenAJdbcUrl_whenMapped_itShouldBeUsedAsItIs() {
    assertThat(
            DatabaseUrlEnvironmentPostProcessor.datasourceProperties(
                "jdbc:postgresql://localhost/iris"))
        .containsOnly(Map.entry("spring.datasource.url", "jdbc:postgresql://localhost/iris"));
  }

  @Test
  void givenAnotherScheme_whenMapped_itShouldSayWhatIsExpected() {
    assertThatThrownBy(
            () -> DatabaseUrlEnvironmentPostProcessor.datasourceProperties("mysql://h/db"))
        .hasMessageContaining("postgres://");
  }

  @Test
  void givenNoDatabaseName_whenMapped_itShouldSaySo() {
    assertThatThrownBy(
            () -> DatabaseUrlEnvironmentPostProcessor.datasourceProperties("postgres://h:5432/"))
        .hasMessageContaining("database");
  }
}
