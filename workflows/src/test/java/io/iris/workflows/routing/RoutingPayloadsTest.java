package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.routing.EvaluationInput.ChannelWindows;
import io.iris.workflows.routing.EvaluationInput.ProviderWindows;
import io.iris.workflows.routing.EvaluationInput.Rules;
import io.iris.workflows.routing.ReevaluationState.Phase;
import io.iris.workflows.send.Channel;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The routing payloads cross Temporal's data converter (activity arguments and results, signals,
 * queries, continue-as-new) unchanged: a derived accessor must not become a field, and every field
 * must come back.
 */
class RoutingPayloadsTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  private static <T> T roundTrip(T value, Class<T> type) {
    Payloads payloads = CONVERTER.toPayloads(value).orElseThrow();
    return CONVERTER.fromPayloads(0, Optional.of(payloads), type, type);
  }

  @Test
  void givenEachRoutingPayload_whenEncodedAndDecoded_itShouldComeBackEqual() {
    ProviderMetrics twilio = RoutingFixtures.sms("twilio");
    FailoverRequest request =
        new FailoverRequest(
            "f-1", "twilio", Channel.SMS, FailoverTrigger.MANUAL, "maintenance", "key-1", 5L);
    EvaluationInput input =
        new EvaluationInput(
            60_000L,
            86_400_000L,
            300_000L,
            RoutingPolicy.DEFAULTS,
            new Rules(true, 100, BigDecimal.valueOf(80), 60, 20),
            List.of(
                new ChannelWindows(
                    Channel.SMS,
                    List.of(
                        new ProviderWindows(
                            twilio, twilio, twilio, ProviderStatus.RECOVERING, 1_000L)))));
    ProviderScoreRow row =
        new ProviderScoreRow(
            60_000L, ProviderScoreRow.Window.CURRENT, 0L, twilio, RoutingFixtures.score(95), 1);

    assertThat(roundTrip(request, FailoverRequest.class)).isEqualTo(request);
    assertThat(roundTrip(FailbackPolicyTest.defaults(), FailbackPolicy.class))
        .isEqualTo(FailbackPolicyTest.defaults());
    HealthCheck check =
        new HealthCheck(1L, 2L, 10, 1, HealthCheck.Probe.ACCEPTED, true, 91.5, "9 of 10 ok");
    assertThat(roundTrip(check, HealthCheck.class)).isEqualTo(check);
    ReevaluationState state =
        new ReevaluationState(Phase.STEPPING, 50, 3, 4, 1, "f-1", "maintenance", 1_000L, 61_000L);
    assertThat(roundTrip(state, ReevaluationState.class)).isEqualTo(state);
    assertThat(roundTrip(new FailoverMark(true, 7L), FailoverMark.class))
        .isEqualTo(new FailoverMark(true, 7L));
    assertThat(roundTrip(input, EvaluationInput.class)).isEqualTo(input);
    assertThat(roundTrip(row, ProviderScoreRow.class)).isEqualTo(row);
  }

  @Test
  void givenAFailoverRequest_whenEncoded_itShouldCarryOnlyItsFields() {
    FailoverRequest request =
        new FailoverRequest("f-1", "twilio", Channel.SMS, FailoverTrigger.BREAKER, "r", "", 5L);

    String json = CONVERTER.toPayload(request).orElseThrow().getData().toStringUtf8();

    assertThat(json).contains("\"trigger\":\"BREAKER\"").doesNotContain("eventKey");
  }
}
