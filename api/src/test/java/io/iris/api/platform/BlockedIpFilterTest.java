package io.iris.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.TenantThrottles;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A blocked client address gets 403 problem+json before authentication; others pass. */
class BlockedIpFilterTest extends ApiTestBase {

  @Autowired TenantThrottles blocks;
  @Autowired TestClock clock;

  @Test
  void givenTheCallersAddressBlocked_whenItCallsTheApi_itShouldGet403BeforeAuthentication() {
    // The test client connects from the loopback address.
    blocks.block("127.0.0.1", "attack", "test", clock.instant().plus(Duration.ofMinutes(5)));
    try {
      Response withoutKey = api().get("/v1/incidents", null);
      Response withKey = api().get("/v1/incidents", ADMIN_KEY);

      assertProblem(withoutKey, 403);
      assertProblem(withKey, 403);
      assertThat(withKey.json().get("detail").asText()).contains("refused until");
    } finally {
      blocks.unblock("127.0.0.1", "test");
    }
    assertThat(api().get("/v1/incidents", ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  void givenAnExpiredBlock_whenTheAddressCalls_itShouldPass() {
    blocks.block("127.0.0.1", "attack", "test", clock.instant().plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(6));
    try {
      assertThat(api().get("/v1/incidents", ADMIN_KEY).status()).isEqualTo(200);
    } finally {
      clock.advance(Duration.ofMinutes(-6));
      blocks.unblock("127.0.0.1", "test");
    }
  }

  @Test
  void givenAnotherAddressBlocked_whenTheCallerCalls_itShouldPass() {
    blocks.block("203.0.113.5", "attack", "test", clock.instant().plus(Duration.ofMinutes(5)));
    try {
      assertThat(api().get("/v1/incidents", ADMIN_KEY).status()).isEqualTo(200);
    } finally {
      blocks.unblock("203.0.113.5", "test");
    }
  }
}
