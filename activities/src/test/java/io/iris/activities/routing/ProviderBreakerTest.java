package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.RoutingTestSupport.FakeScores;
import io.iris.activities.routing.RoutingTestSupport.FakeStates;
import io.iris.activities.routing.RoutingTestSupport.MovableClock;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ProviderBreakerTest {

  final FakeStates states = new FakeStates();
  final MovableClock clock = new MovableClock();
  final RoutingSnapshot snapshot = RoutingTestSupport.snapshot(states, new FakeScores(), clock);

  /** Records each request and the thread it came on. */
  static final class RecordingStarter implements FailoverStarter {
    final List<FailoverRequest> requests = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final Semaphore asked = new Semaphore(0);

    @Override
    public String request(FailoverRequest request) {
      requests.add(request);
      threads.add(Thread.currentThread());
      asked.release();
      return FailoverStarter.workflowId(request.provider(), request.channel());
    }

    boolean awaitRequests(int n) throws InterruptedException {
      return asked.tryAcquire(n, 5, TimeUnit.SECONDS);
    }

    /** No further request within a moment (a request's thread starts at once). */
    boolean noMoreRequests() throws InterruptedException {
      return !asked.tryAcquire(1, 300, TimeUnit.MILLISECONDS);
    }
  }

  final RecordingStarter starter = new RecordingStarter();

  ProviderBreaker breaker(boolean enabled, FailoverStarter... starters) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    for (FailoverStarter s : starters) {
      beans.addBean("starter", s);
    }
    snapshot.refresh();
    return new ProviderBreaker(
        RoutingTestSupport.failoverSettings(enabled),
        snapshot,
        beans.getBeanProvider(FailoverStarter.class),
        clock);
  }

  /** One call one second after the last, as the recorder stamps it. */
  void call(ProviderBreaker breaker, String provider, CallOutcome outcome) {
    clock.advance(Duration.ofSeconds(1));
    breaker.onCall(new ProviderCall(provider, Channel.SMS, outcome, 50, clock.millis()));
  }

  void calls(ProviderBreaker breaker, int n, CallOutcome outcome) {
    for (int i = 0; i < n; i++) {
      call(breaker, "twilio", outcome);
    }
  }

  @Test
  void givenSixOfTheLastTenCallsFailed_whenTheSixthFails_itShouldTripOnceOffTheSendingThread()
      throws InterruptedException {
    ProviderBreaker breaker = breaker(true, starter);

    calls(breaker, 4, CallOutcome.ACCEPTED);
    calls(breaker, 5, CallOutcome.UNAVAILABLE);
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    call(breaker, "twilio", CallOutcome.UNAVAILABLE);

    // Marked here at once, on the sending thread's return.
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
    assertThat(starter.awaitRequests(1)).isTrue();
    FailoverRequest request = starter.requests.get(0);
    assertThat(request.provider()).isEqualTo("twilio");
    assertThat(request.channel()).isEqualTo(Channel.SMS);
    assertThat(request.trigger()).isEqualTo(FailoverTrigger.BREAKER);
    assertThat(request.reason()).isEqualTo("6 of the last 10 calls failed within 30s");
    assertThat(request.actorKeyId()).isEmpty();
    assertThat(request.atMillis()).isEqualTo(clock.millis());
    assertThat(UUID.fromString(request.failoverId())).isNotNull();
    assertThat(starter.threads.get(0)).isNotSameAs(Thread.currentThread());
    assertThat(starter.threads.get(0).isVirtual()).isTrue();
    assertThat(snapshot.provider("twilio", Channel.SMS).stateReason())
        .isEqualTo("6 of the last 10 calls failed within 30s");

    // Quiet afterwards: more failures ask for nothing more.
    calls(breaker, 20, CallOutcome.UNAVAILABLE);
    assertThat(starter.noMoreRequests()).isTrue();
    assertThat(starter.requests).hasSize(1);
  }

  @Test
  void givenFiveOfTheLastTenCallsFailed_whenCalled_itShouldStayClosed()
      throws InterruptedException {
    ProviderBreaker breaker = breaker(true, starter);

    for (int i = 0; i < 10; i++) {
      call(breaker, "twilio", CallOutcome.ACCEPTED);
      call(breaker, "twilio", CallOutcome.RATE_LIMITED);
    }

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    assertThat(starter.noMoreRequests()).isTrue();
  }

  @Test
  void givenRejectedCalls_whenCounted_itShouldIgnoreThemRatherThanCountThemEitherWay()
      throws InterruptedException {
    ProviderBreaker breaker = breaker(true, starter);

    calls(breaker, 4, CallOutcome.ACCEPTED);
    for (int i = 0; i < 6; i++) {
      call(breaker, "twilio", CallOutcome.REJECTED);
      if (i < 5) {
        call(breaker, "twilio", CallOutcome.UNAVAILABLE);
      }
    }
    // Counted as failures they would have tripped by now; as successes they would hold it closed.
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    call(breaker, "twilio", CallOutcome.ERROR);

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
    assertThat(starter.awaitRequests(1)).isTrue();
  }

  @Test
  void givenATrip_whenTheRoutingStateChanges_itShouldJudgeAFreshWindowAndTripAgain()
      throws InterruptedException {
    ProviderBreaker breaker = breaker(true, starter);
    calls(breaker, 10, CallOutcome.UNAVAILABLE);
    assertThat(starter.awaitRequests(1)).isTrue();

    // The failover marks it: while failed over there is nothing to trip.
    UUID failover = UUID.fromString(starter.requests.get(0).failoverId());
    states.set("twilio", ProviderStatus.FAILED_OVER, 0, "tripped", failover);
    snapshot.refresh();
    calls(breaker, 10, CallOutcome.UNAVAILABLE);
    assertThat(starter.noMoreRequests()).isTrue();

    // First fail-back step: a fresh window, whose failures count from this change on.
    states.set("twilio", ProviderStatus.RECOVERING, 10, "failing back", failover);
    snapshot.refresh();
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    calls(breaker, 9, CallOutcome.UNAVAILABLE);
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    call(breaker, "twilio", CallOutcome.UNAVAILABLE);

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
    assertThat(starter.awaitRequests(1)).isTrue();
    assertThat(starter.requests).hasSize(2);
    assertThat(starter.requests.get(1).failoverId())
        .isNotEqualTo(starter.requests.get(0).failoverId());
  }

  @Test
  void givenTwoProviders_whenOneFails_itShouldTripOnlyThatOne() throws InterruptedException {
    ProviderBreaker breaker = breaker(true, starter);
    for (int i = 0; i < 10; i++) {
      call(breaker, "twilio", CallOutcome.UNAVAILABLE);
      call(breaker, "telnyx", CallOutcome.ACCEPTED);
    }

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
    assertThat(snapshot.isFailedOver("telnyx", Channel.SMS)).isFalse();
    assertThat(starter.awaitRequests(1)).isTrue();
    assertThat(starter.noMoreRequests()).isTrue();
  }

  @Test
  void givenNoFailoverStarter_whenItTrips_itShouldOnlyRouteAwayHere() {
    ProviderBreaker breaker = breaker(true);

    calls(breaker, 10, CallOutcome.UNAVAILABLE);

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
  }

  @Test
  void givenAStarterThatFails_whenItTrips_itShouldKeepTheLocalTripUntilTheReevaluationDelay()
      throws InterruptedException {
    Semaphore tried = new Semaphore(0);
    FailoverStarter down =
        request -> {
          tried.release();
          throw new IllegalStateException("Temporal unreachable");
        };
    ProviderBreaker breaker = breaker(true, down);

    calls(breaker, 10, CallOutcome.UNAVAILABLE);
    assertThat(tried.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();

    clock.advance(Duration.ofMinutes(9));
    snapshot.refresh();
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isTrue();
    clock.advance(Duration.ofMinutes(1));
    snapshot.refresh();
    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();

    // Judged afresh: a provider still failing trips again.
    calls(breaker, 10, CallOutcome.UNAVAILABLE);
    assertThat(tried.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void givenTheBreakerSwitchedOff_whenEveryCallFails_itShouldNeverTrip()
      throws InterruptedException {
    ProviderBreaker breaker = breaker(false, starter);

    calls(breaker, 30, CallOutcome.UNAVAILABLE);

    assertThat(snapshot.isFailedOver("twilio", Channel.SMS)).isFalse();
    assertThat(starter.noMoreRequests()).isTrue();
  }
}
