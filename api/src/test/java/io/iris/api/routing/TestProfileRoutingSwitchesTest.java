package io.iris.api.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.FailoverSettings;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.routing.RoutingSettings;
import io.iris.api.support.ApiTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The application binds the health, routing and failover settings, and the test profile turns off
 * what would leak between tests: score routing (it reorders the routes the send tests expect), the
 * breaker and automatic failover.
 */
class TestProfileRoutingSwitchesTest extends ApiTestBase {

  @Autowired HealthSettings health;
  @Autowired RoutingSettings routing;
  @Autowired FailoverSettings failover;

  @Test
  void givenTheTestProfile_whenTheApplicationStarts_itShouldTurnOffScoreRoutingAndFailovers() {
    assertThat(routing.byScore()).isFalse();
    assertThat(failover.breaker().enabled()).isFalse();
    assertThat(failover.automatic()).isFalse();
    // The rest keeps the platform's defaults.
    assertThat(health.evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(failover.failbackPolicy().steps()).containsExactly(10, 50, 100);
  }
}
