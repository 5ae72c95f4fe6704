package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.send.Channel;
import org.junit.jupiter.api.Test;

class FailoverRequestTest {

  static FailoverRequest request(FailoverTrigger trigger, String reason, String actor) {
    return new FailoverRequest("f-1", "twilio", Channel.SMS, trigger, reason, actor, 1_000L);
  }

  @Test
  void givenARequest_whenItsEventKeyIsAsked_itShouldNameTheFailover() {
    assertThat(request(FailoverTrigger.BREAKER, "7 of 10 failed", "").eventKey())
        .isEqualTo("failover:f-1");
  }

  @Test
  void givenAManualFailoverWithoutAnActor_whenBuilt_itShouldRefuseIt() {
    assertThatThrownBy(() -> request(FailoverTrigger.MANUAL, "maintenance", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor");
    assertThat(request(FailoverTrigger.MANUAL, "maintenance", "key-1").actorKeyId())
        .isEqualTo("key-1");
  }

  @Test
  void givenABlankReason_whenBuilt_itShouldRefuseIt() {
    assertThatThrownBy(() -> request(FailoverTrigger.OUTAGE, " ", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
  }

  @Test
  void givenAStatusWireName_whenRead_itShouldRoundTrip() {
    for (ProviderStatus status : ProviderStatus.values()) {
      assertThat(ProviderStatus.fromWire(status.wireName())).isEqualTo(status);
    }
    assertThat(ProviderStatus.FAILED_OVER.wireName()).isEqualTo("failed_over");
    assertThatThrownBy(() -> ProviderStatus.fromWire("degraded"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
