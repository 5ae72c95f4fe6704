package io.iris.workflows.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A plan recorded before {@code routeReason} existed still decodes, as the replayed histories do.
 */
class SendPlanTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  @Test
  void givenAPlanRecordedBeforeTheRouteReason_whenDecoded_itShouldReadItAsAbsent() {
    SendPlan recorded = SendFakes.plan(List.of("twilio", "telnyx"));
    String json =
        new String(
                CONVERTER.toPayload(recorded).orElseThrow().getData().toByteArray(),
                StandardCharsets.UTF_8)
            .replace(",\"routeReason\":\"configured order\"", "");
    assertThat(json).doesNotContain("routeReason").contains("\"failOverWhenUnsure\":false");

    Payloads old =
        Payloads.newBuilder()
            .addPayloads(
                CONVERTER.toPayload(json).orElseThrow().toBuilder()
                    .setData(com.google.protobuf.ByteString.copyFromUtf8(json)))
            .build();
    SendPlan decoded = CONVERTER.fromPayloads(0, Optional.of(old), SendPlan.class, SendPlan.class);

    assertThat(decoded.routeReason()).isNull();
    assertThat(decoded.routeReasonOrEmpty()).isEmpty();
    assertThat(decoded.providers()).containsExactly("twilio", "telnyx");
    assertThat(decoded.ambiguousGraceOrZero()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void givenAPlanWithItsReason_whenRoundTripped_itShouldKeepIt() {
    SendPlan plan = SendFakes.plan(List.of("telnyx"));

    Payloads payloads = CONVERTER.toPayloads(plan).orElseThrow();
    SendPlan decoded =
        CONVERTER.fromPayloads(0, Optional.of(payloads), SendPlan.class, SendPlan.class);

    assertThat(decoded).isEqualTo(plan);
    assertThat(decoded.routeReasonOrEmpty()).isEqualTo("configured order");
  }
}
