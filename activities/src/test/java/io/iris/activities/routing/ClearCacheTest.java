package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.CacheGeneration;
import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.remediation.TenantThrottles;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.send.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * clear_cache across the platform control: a new {@code cache.generation} drops this process's
 * local breaker trips and moves every provider to a new generation (fresh breaker windows).
 */
class ClearCacheTest {

  static IsolatedSchema schema;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("clear_cache_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  static RemediationSettings settings() {
    return RemediationSettings.defaults();
  }

  @Test
  void givenALocalTrip_whenTheCacheGenerationIsBumped_itShouldDropItAndStartFreshWindows() {
    RoutingTestSupport.MovableClock clock = new RoutingTestSupport.MovableClock();
    RoutingSnapshot snapshot =
        RoutingTestSupport.snapshot(
            new RoutingTestSupport.FakeStates(), new RoutingTestSupport.FakeScores(), clock);
    PlatformControls controls = new PlatformControls(schema.db(), settings(), clock);
    CacheGeneration caches =
        new CacheGeneration(controls, snapshot, new TenantThrottles(schema.db(), clock, controls));
    controls.refresh();
    snapshot.markLocallyFailedOver("twilio", Channel.SMS, "6 of 10 calls failed");
    long before = snapshot.generation("telnyx", Channel.SMS);
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();

    controls.bump(PlatformControls.CACHE_GENERATION, "test", "test");

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    assertThat(snapshot.generation("telnyx", Channel.SMS)).isGreaterThan(before);
    assertThat(caches.generation()).isEqualTo(1);
    // A re-read without a new generation clears nothing.
    snapshot.markLocallyFailedOver("twilio", Channel.SMS, "again");
    controls.refresh();
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
  }
}
