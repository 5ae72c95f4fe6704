package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.integrations.spi.ProviderException.Kind;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {

  @Test
  void givenEveryProviderFailureKind_whenCounted_itShouldBlameTheProviderOnlyForItsOwnFailures() {
    Set<Kind> providersFault = EnumSet.noneOf(Kind.class);
    for (Kind kind : Kind.values()) {
      if (CallOutcome.of(kind).failure()) {
        providersFault.add(kind);
      }
    }

    assertThat(providersFault)
        .containsExactlyInAnyOrder(
            Kind.TIMEOUT, Kind.UNAVAILABLE, Kind.RATE_LIMITED, Kind.UNAUTHORIZED);
    assertThat(CallOutcome.of(Kind.INVALID_RECIPIENT)).isEqualTo(CallOutcome.REJECTED);
    assertThat(CallOutcome.of(Kind.REJECTED)).isEqualTo(CallOutcome.REJECTED);
    assertThat(CallOutcome.of(Kind.TIMEOUT)).isEqualTo(CallOutcome.UNAVAILABLE);
    assertThat(CallOutcome.ACCEPTED.failure()).isFalse();
  }
}
