package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.remediation.TenantThrottles;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A tenant throttle (set by a remediation) on the send path: 429 over the rate, then accepts. */
class ThrottleApiTest extends ApiTestBase {

  @Autowired TenantThrottles throttles;
  @Autowired TestClock clock;

  String key;
  UUID tenantId;

  @BeforeEach
  void tenant() {
    JsonNode t = createTenant(uniqueName("throttled"));
    key = t.get("apiKey").asText();
    tenantId = UUID.fromString(t.get("id").asText());
    api()
        .send(
            "PUT",
            "/sim/twilio/behavior",
            null,
            "application/json",
            "{\"failureRate\":0,\"latencyMs\":0,\"receipt\":\"delivered\"}");
  }

  private Response send() {
    return api()
        .post(
            "/v1/messages",
            key,
            "{\"channel\":\"sms\",\"to\":\"+1415"
                + (1000000 + (int) (Math.random() * 8999999))
                + "\",\"body\":\"b\"}");
  }

  @Test
  void
      givenAThrottledTenant_whenItSendsOverItsBurst_itShouldGet429WithRetryAfterThenAcceptAfterExpiry() {
    throttles.throttle(
        tenantId,
        0.01,
        2,
        "noisy",
        "remediation:test",
        clock.instant().plus(Duration.ofMinutes(10)));

    assertThat(send().status()).isEqualTo(202);
    assertThat(send().status()).isEqualTo(202);
    Response refused = send();

    assertProblem(refused, 429);
    assertThat(refused.header("Retry-After")).isPresent();
    assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow()))
        .isGreaterThanOrEqualTo(1);
    assertThat(refused.json().get("detail").asText()).contains("Nothing was accepted");
    Response batch =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"body\":\"b\",\"recipients\":[{\"to\":\"+14155550100\"}]}");
    assertProblem(batch, 429);
    assertThat(batch.header("Retry-After")).isPresent();

    clock.advance(Duration.ofMinutes(11));
    try {
      assertThat(send().status()).isEqualTo(202);
      assertThat(send().status()).isEqualTo(202);
      assertThat(send().status()).isEqualTo(202);
    } finally {
      clock.advance(Duration.ofMinutes(-11));
    }
  }

  @Test
  void givenAnotherTenantThrottled_whenThisOneSends_itShouldNotBeLimited() {
    JsonNode other = createTenant(uniqueName("other"));
    throttles.throttle(
        UUID.fromString(other.get("id").asText()),
        0.01,
        1,
        "noisy",
        "remediation:test",
        clock.instant().plus(Duration.ofMinutes(10)));

    for (int i = 0; i < 3; i++) {
      assertThat(send().status()).isEqualTo(202);
    }
  }
}
