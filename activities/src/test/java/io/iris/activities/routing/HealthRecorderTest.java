package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class HealthRecorderTest {

  static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

  final List<ProviderCall> seen = new ArrayList<>();

  HealthRecorder recorder(ProviderCallListener... listeners) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    for (int i = 0; i < listeners.length; i++) {
      beans.addBean("listener" + i, listeners[i]);
    }
    return new HealthRecorder(
        Clock.fixed(NOW, ZoneOffset.UTC), beans.getBeanProvider(ProviderCallListener.class));
  }

  @Test
  void givenAListenerThatThrows_whenACallIsRecorded_itShouldNotThrowAndTheOthersShouldHearIt() {
    ProviderCallListener broken =
        call -> {
          throw new IllegalStateException("broken listener");
        };
    HealthRecorder recorder = recorder(broken, seen::add);

    assertThatCode(
            () ->
                recorder.call("twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 120, BigDecimal.ZERO))
        .doesNotThrowAnyException();

    assertThat(seen)
        .containsExactly(
            new ProviderCall(
                "twilio", Channel.SMS, CallOutcome.UNAVAILABLE, 120, NOW.toEpochMilli()));
  }

  @Test
  void givenBadFigures_whenACallIsRecorded_itShouldNeitherThrowNorPassThemOn() {
    HealthRecorder recorder = recorder(seen::add);

    assertThatCode(() -> recorder.call(null, Channel.SMS, CallOutcome.ACCEPTED, 5, null))
        .doesNotThrowAnyException();
    recorder.call("telnyx", Channel.SMS, CallOutcome.ACCEPTED, -3, BigDecimal.ONE);

    assertThat(seen)
        .containsExactly(
            new ProviderCall("telnyx", Channel.SMS, CallOutcome.ACCEPTED, 0, NOW.toEpochMilli()));
  }
}
