package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A Temporal frontend too busy to answer at start-up neither stops the worker nor the Schedules.
 */
class PlatformSchedulesRetryTest {

  private static TemporalSettings settings(Duration registrationTimeout) {
    return new TemporalSettings(
        "127.0.0.1:1", "default", false, true, registrationTimeout, Duration.ofSeconds(1));
  }

  @Test
  void startUpRetriesUntilTemporalAnswers() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    PlatformSchedules.upsertWhenTemporalAnswers(
        () -> {
          if (tries.incrementAndGet() < 3) {
            throw new StatusRuntimeException(Status.DEADLINE_EXCEEDED);
          }
        },
        settings(Duration.ofSeconds(30)));
    assertThat(tries).hasValue(3);
  }

  @Test
  void pastTheStartUpDeadlineTheUpsertGoesOnInTheBackground() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    long started = System.nanoTime();
    PlatformSchedules.upsertWhenTemporalAnswers(
        () -> {
          if (tries.incrementAndGet() < 3) {
            throw new StatusRuntimeException(Status.UNAVAILABLE);
          }
          done.countDown();
        },
        settings(Duration.ZERO));
    // Start-up went on after the first refusal instead of throwing or waiting for Temporal.
    assertThat(tries.get()).isLessThan(3);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(tries).hasValue(3);
  }

  @Test
  void aRefusalIsNotRetriedAndStopsStartUp() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(
            () ->
                PlatformSchedules.upsertWhenTemporalAnswers(
                    () -> {
                      tries.incrementAndGet();
                      throw new RuntimeException(
                          "Schedule exception",
                          new StatusRuntimeException(
                              Status.INVALID_ARGUMENT.withDescription("interval must be > 0")));
                    },
                    settings(Duration.ofSeconds(30))))
        .hasRootCauseMessage("INVALID_ARGUMENT: interval must be > 0");
    assertThat(tries).hasValue(1);
  }
}
