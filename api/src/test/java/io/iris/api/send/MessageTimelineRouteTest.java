package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.send.SendPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTimelineRouteTest {

  private static SendPlan plan(String reason) {
    return new SendPlan(
        List.of("telnyx", "twilio", "plivo"),
        Duration.ofMinutes(10),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        2.0,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        false,
        reason);
  }

  @Test
  void givenAPlanWithTheRoutersReason_whenPrinted_itShouldShowTheOrderAndTheReason() {
    assertThat(MessageTimeline.route(plan("telnyx primary: 12% cheaper, 80 ms faster than twilio")))
        .isEqualTo(
            "telnyx → twilio → plivo (telnyx primary: 12% cheaper, 80 ms faster than twilio)");
  }

  @Test
  void givenAPlanRecordedBeforeRoutingByScore_whenPrinted_itShouldShowTheOrderAlone() {
    assertThat(MessageTimeline.route(plan(null))).isEqualTo("telnyx → twilio → plivo");
    assertThat(MessageTimeline.route(plan(" "))).isEqualTo("telnyx → twilio → plivo");
  }
}
