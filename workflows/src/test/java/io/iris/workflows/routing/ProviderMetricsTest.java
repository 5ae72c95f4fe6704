package io.iris.workflows.routing;

import static io.iris.workflows.routing.RoutingFixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The window figures: delivery rate from counts, compared exactly, and refused nonsense. */
class ProviderMetricsTest {

  @Test
  void givenCounts_whenTheDeliveryRateIsRead_itShouldCountOnlyKnownOutcomes() {
    // 1000 calls, 970 delivered, 10 failed, 20 still waiting for a receipt
    ProviderMetrics metrics =
        new ProviderMetrics(
            "twilio",
            Channel.SMS,
            1000,
            990,
            970,
            10,
            200,
            150,
            400,
            900,
            new BigDecimal("0.008"),
            new BigDecimal("99.9"));

    assertThat(metrics.outcomes()).isEqualTo(980);
    assertThat(metrics.deliveryRatePercent()).isEqualTo(970 * 100.0 / 980);
    assertThat(metrics.deliveryRateAtLeast(new BigDecimal("98.97"))).isTrue();
    assertThat(metrics.deliveryRateAtLeast(new BigDecimal("98.98"))).isFalse();
  }

  @Test
  void givenAThirdDelivered_whenComparedWithItsRepeatingDecimal_itShouldCompareExactly() {
    ProviderMetrics metrics = sms("twilio", 1, 3, 200, "0.008", "99.9"); // 33.333…%

    assertThat(metrics.deliveryRateAtLeast(new BigDecimal("33.3333333333"))).isTrue();
    assertThat(metrics.deliveryRateAtLeast(new BigDecimal("33.3333333334"))).isFalse();
  }

  @Test
  void givenNoOutcome_whenTheDeliveryRateIsRead_itShouldHaveNone() {
    ProviderMetrics metrics = sms("twilio", 0, 0, 0, "0.008", "99.9");

    assertThat(metrics.hasDeliveryRate()).isFalse();
    assertThat(metrics.hasLatency()).isFalse();
    assertThat(metrics.deliveryRateAtLeast(BigDecimal.ZERO)).isFalse();
  }

  @Test
  void givenImpossibleFigures_whenBuilt_itShouldRefuseNamingTheField() {
    assertThatThrownBy(() -> sms("twilio", -1, 0, 200, "0.008", "99.9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delivered");
    assertThatThrownBy(() -> sms("twilio", 1, 1, -5, "0.008", "99.9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callLatencyMeanMs");
    assertThatThrownBy(() -> sms("twilio", 1, 1, Double.NaN, "0.008", "99.9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callLatencyMeanMs");
    assertThatThrownBy(() -> sms("twilio", 1, 1, 200, "-0.001", "99.9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("costPerMessageUsd");
    assertThatThrownBy(() -> sms("twilio", 1, 1, 200, "0.008", "100.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uptimePercent");
  }
}
