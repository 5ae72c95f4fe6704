package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.routing.FailoverSettings;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.RoutingSettings;
import io.iris.workflows.routing.FailbackPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The health, routing and failover defaults in iris-platform.yml bind to their settings records
 * under the documented keys, and the documented environment variables win over them.
 */
class HealthRoutingSettingsBindingTest {

  private final MutablePropertySources sources = new MutablePropertySources();

  @BeforeEach
  void loadTheYml() throws Exception {
    for (PropertySource<?> source :
        new YamlPropertySourceLoader()
            .load("iris-platform", new ClassPathResource("iris-platform.yml"))) {
      sources.addLast(source);
    }
  }

  private void environment(Map<String, Object> variables) {
    sources.addFirst(new MapPropertySource("env", variables));
  }

  private <T> T bind(String prefix, Class<T> type) {
    return new Binder(
            ConfigurationPropertySources.from(sources),
            new PropertySourcesPlaceholdersResolver(sources))
        .bind(prefix, type)
        .get();
  }

  @Test
  void givenNoEnvironment_whenBindingRemediation_itShouldEqualTheDefaultsTestsUse() {
    assertThat(bind("iris.remediation", RemediationSettings.class))
        .isEqualTo(RemediationSettings.defaults());
  }

  @Test
  void givenARestartPauseInTheEnvironment_whenBindingRemediation_itShouldWin() {
    environment(Map.of("IRIS_REMEDIATION_RESTART_PAUSE", "7s"));

    assertThat(bind("iris.remediation", RemediationSettings.class).restartPause())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void givenNoEnvironment_whenBinding_itShouldGiveTheDocumentedDefaults() {
    HealthSettings health = bind("iris.health", HealthSettings.class);
    RoutingSettings routing = bind("iris.routing", RoutingSettings.class);
    FailoverSettings failover = bind("iris.failover", FailoverSettings.class);

    assertThat(health)
        .isEqualTo(
            new HealthSettings(
                Duration.ofMinutes(1),
                Duration.ofHours(24),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                60,
                Duration.ofDays(30),
                7,
                Duration.ofDays(30)));
    assertThat(routing).isEqualTo(new RoutingSettings(true, 90, 85, Duration.ofSeconds(1)));
    assertThat(failover.automatic()).isTrue();
    assertThat(failover.breaker())
        .isEqualTo(new FailoverSettings.Breaker(true, Duration.ofSeconds(30), 10, 0.5));
    assertThat(failover.outage().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(failover.outage().minAttempts()).isEqualTo(100);
    assertThat(failover.outage().deliveryRate()).isEqualByComparingTo(BigDecimal.valueOf(80));
    assertThat(failover.scoreThreshold()).isEqualTo(60);
    assertThat(failover.scoreMinAttempts()).isEqualTo(20);
    assertThat(failover.probeRecipient("twilio")).isEmpty();
    assertThat(failover.failbackPolicy())
        .isEqualTo(
            new FailbackPolicy(
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                16,
                1000,
                3,
                Duration.ofMinutes(1),
                0.1,
                85,
                true,
                java.util.List.of(10, 50, 100),
                Duration.ofMinutes(1)));
  }

  @Test
  void givenTheIssuesEnvironmentVariables_whenBinding_itShouldUseThem() {
    environment(
        Map.of(
            "IRIS_HEALTH_EVALUATION_INTERVAL", "2s",
            "IRIS_FAILOVER_BREAKER_MIN_ATTEMPTS", "4",
            "IRIS_FAILOVER_BREAKER_WINDOW", "5s",
            "IRIS_FAILOVER_BREAKER_FAILURE_RATE", "0.25",
            "IRIS_FAILOVER_REEVALUATION_DELAY", "15s",
            "IRIS_FAILBACK_HEALTHY_CHECKS", "2",
            "IRIS_FAILBACK_STEPS", "25,100",
            "IRIS_FAILBACK_STEP_INTERVAL", "8s",
            "IRIS_ROUTING_BY_SCORE", "false",
            "IRIS_PROBE_TWILIO_TO", "+15005550006"));

    FailoverSettings failover = bind("iris.failover", FailoverSettings.class);
    FailbackPolicy policy = failover.failbackPolicy();

    assertThat(bind("iris.health", HealthSettings.class).evaluationInterval())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(bind("iris.routing", RoutingSettings.class).byScore()).isFalse();
    assertThat(failover.breaker())
        .isEqualTo(new FailoverSettings.Breaker(true, Duration.ofSeconds(5), 4, 0.25));
    assertThat(policy.reevaluationDelay()).isEqualTo(Duration.ofSeconds(15));
    assertThat(policy.healthyChecks()).isEqualTo(2);
    assertThat(policy.steps()).containsExactly(25, 100);
    assertThat(policy.stepInterval()).isEqualTo(Duration.ofSeconds(8));
    assertThat(failover.probeRecipient("twilio")).contains("+15005550006");
    assertThat(failover.probeRecipient("telnyx")).isEmpty();
  }

  @Test
  void givenStepsThatDoNotEndAt100_whenBinding_itShouldRefuseToStartNamingTheSetting() {
    environment(Map.of("IRIS_FAILBACK_STEPS", "10,50"));

    assertThatThrownBy(() -> bind("iris.failover", FailoverSettings.class))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("steps");
  }

  @Test
  void givenAThresholdOutside0To100_whenBinding_itShouldRefuseToStartNamingTheKey() {
    environment(
        Map.of(
            "IRIS_ROUTING_RECOMMEND_THRESHOLD", "101",
            "IRIS_FAILOVER_BREAKER_FAILURE_RATE", "1.5"));

    assertThatThrownBy(() -> bind("iris.routing", RoutingSettings.class))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("iris.routing.recommend-threshold");
    assertThatThrownBy(() -> bind("iris.failover", FailoverSettings.class))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("iris.failover.breaker.failure-rate");
  }

  @Test
  void givenACurrentWindowLongerThanTheRankingWindow_whenBinding_itShouldRefuseIt() {
    environment(Map.of("IRIS_HEALTH_CURRENT_WINDOW", "25h"));

    assertThatThrownBy(() -> bind("iris.health", HealthSettings.class))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("iris.health.current-window");
  }
}
