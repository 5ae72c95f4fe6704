package io.iris.activities.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iris.activities.routing.CallOutcome;
import io.iris.activities.routing.HealthRecorder;
import io.iris.activities.routing.ProviderCall;
import io.iris.activities.routing.ProviderCallListener;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.integrations.spi.ReconcileSettings;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ProviderSendRequest;
import io.iris.workflows.send.ProviderSendResult;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** Each provider send is timed and told to the health recorder with its outcome. */
class ProviderActivitiesHealthTest {

  /** A provider that takes as long as told and answers as scripted. */
  static final class ScriptedProvider implements ProviderAdapter {
    Duration takes = Duration.ZERO;
    Supplier<ProviderAcceptance> answer = () -> null;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Channel channel() {
      return Channel.SMS;
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public ProviderAcceptance send(OutboundMessage message) {
      try {
        Thread.sleep(takes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer.get();
    }
  }

  final ScriptedProvider provider = new ScriptedProvider();
  final List<ProviderCall> calls = new CopyOnWriteArrayList<>();
  HealthRecorder health;
  ProviderActivitiesImpl activities;

  @BeforeEach
  void activities() {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("listener", (ProviderCallListener) calls::add);
    health =
        new HealthRecorder(Clock.systemUTC(), beans.getBeanProvider(ProviderCallListener.class));
    activities =
        new ProviderActivitiesImpl(
            new ProviderRegistry(List.of(provider)),
            null, // not used by a send
            new ReconcileSettings(Duration.ofSeconds(30)),
            health,
            ProviderCallLedgerTest.unreachable());
  }

  static ProviderSendRequest request() {
    UUID id = UUID.randomUUID();
    return new ProviderSendRequest(
        "scripted",
        id.toString(),
        UUID.randomUUID().toString(),
        Channel.SMS,
        "+15557654321",
        "",
        "",
        "hello",
        Map.of(),
        id + ":0");
  }

  @Test
  void
      givenTheProviderTakesTheMessage_whenSent_itShouldRecordAnAcceptedCallWithItsLatencyAndCost() {
    provider.takes = Duration.ofMillis(60);
    provider.answer = () -> new ProviderAcceptance("SM1", new BigDecimal("0.0079"), false);

    ProviderSendResult result = activities.sendViaProvider(request());

    assertThat(result.providerMessageId()).isEqualTo("SM1");
    assertThat(calls).hasSize(1);
    ProviderCall call = calls.get(0);
    assertThat(call.provider()).isEqualTo("scripted");
    assertThat(call.channel()).isEqualTo(Channel.SMS);
    assertThat(call.outcome()).isEqualTo(CallOutcome.ACCEPTED);
    assertThat(call.latencyMs()).isBetween(60L, 5_000L);
    HealthRecorder.Minute minute = health.pending().get(0);
    assertThat(minute.attempts()).isEqualTo(1);
    assertThat(minute.accepted()).isEqualTo(1);
    assertThat(minute.callLatencySumMs()).isEqualTo(call.latencyMs());
    assertThat(minute.costUsd()).isEqualByComparingTo("0.0079");
  }

  @Test
  void
      givenTheProviderIsUnavailable_whenSent_itShouldRecordAnUnavailableCallAndStillFailAsBefore() {
    provider.takes = Duration.ofMillis(40);
    provider.answer =
        () -> {
          throw new ProviderException(Kind.UNAVAILABLE, "scripted", 503, "", "down");
        };

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> activities.sendViaProvider(request()));

    assertThat(failure.getType()).isEqualTo("UNAVAILABLE");
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).outcome()).isEqualTo(CallOutcome.UNAVAILABLE);
    assertThat(calls.get(0).latencyMs()).isBetween(40L, 5_000L);
    HealthRecorder.Minute minute = health.pending().get(0);
    assertThat(minute.attempts()).isEqualTo(1);
    assertThat(minute.unavailable()).isEqualTo(1);
    assertThat(minute.accepted()).isZero();
    assertThat(minute.costUsd()).isEqualByComparingTo("0");
  }

  @Test
  void givenRefusalsAndSurprises_whenSent_itShouldRecordEachAsItsOutcome() {
    provider.answer =
        () -> {
          throw new ProviderException(Kind.INVALID_RECIPIENT, "scripted", 400, "21211", "bad");
        };
    catchThrowableOfType(ApplicationFailure.class, () -> activities.sendViaProvider(request()));
    provider.answer =
        () -> {
          throw new ProviderException(Kind.TIMEOUT, "scripted", 0, "", "no answer");
        };
    catchThrowableOfType(ApplicationFailure.class, () -> activities.sendViaProvider(request()));
    provider.answer =
        () -> {
          throw new ProviderException(Kind.RATE_LIMITED, "scripted", 429, "", "slow down");
        };
    catchThrowableOfType(ApplicationFailure.class, () -> activities.sendViaProvider(request()));
    provider.answer =
        () -> {
          throw new IllegalStateException("a bug in the adapter");
        };
    IllegalStateException surprise =
        catchThrowableOfType(
            IllegalStateException.class, () -> activities.sendViaProvider(request()));

    assertThat(surprise).hasMessage("a bug in the adapter");
    assertThat(calls)
        .extracting(ProviderCall::outcome)
        .containsExactly(
            CallOutcome.REJECTED,
            CallOutcome.UNAVAILABLE,
            CallOutcome.RATE_LIMITED,
            CallOutcome.ERROR);
    assertThat(calls)
        .extracting(c -> c.outcome().failure())
        .containsExactly(false, true, true, true);
  }
}
