package io.iris.activities.routing;

import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where the send path reports provider outcomes, off its own way: no I/O, no lock, never a throw.
 * Each call is stamped with the Spring {@link Clock} and handed to every {@link
 * ProviderCallListener} (the breaker is one).
 *
 * <p>Issue 9, phase 0: these are the recorder's signatures, and only the fan-out to the listeners
 * is done. Phase 1 (plan §2) adds the per-minute totals per provider and channel (counters and
 * latency histograms) that {@code HealthMetricsFlusher} writes to {@code system_health_metrics};
 * until then the figures are not kept.
 */
@Component
public class HealthRecorder {

  private static final Logger log = LoggerFactory.getLogger(HealthRecorder.class);

  private final Clock clock;
  private final ObjectProvider<ProviderCallListener> listeners;

  public HealthRecorder(Clock clock, ObjectProvider<ProviderCallListener> listeners) {
    this.clock = clock;
    this.listeners = listeners;
  }

  /**
   * One provider call ended ({@code ProviderActivitiesImpl.sendViaProvider}, each try).
   *
   * @param latencyMs how long {@code adapter.send} took
   * @param costUsd what the provider charged, for an accepted call; zero otherwise
   */
  public void call(
      String provider, Channel channel, CallOutcome outcome, long latencyMs, BigDecimal costUsd) {
    ProviderCall call;
    try {
      call = new ProviderCall(provider, channel, outcome, Math.max(0, latencyMs), clock.millis());
    } catch (RuntimeException e) {
      log.warn("health: a provider call could not be recorded: {}", e.toString());
      return;
    }
    List<ProviderCallListener> each = listeners.orderedStream().toList();
    for (ProviderCallListener listener : each) {
      try {
        listener.onCall(call);
      } catch (RuntimeException e) {
        log.warn(
            "health: listener {} failed on a {} call to {}: {}",
            listener.getClass().getSimpleName(),
            channel,
            provider,
            e.toString());
      }
    }
  }

  /**
   * An attempt with the provider ended without the message being taken ({@code
   * SendRecordActivitiesImpl.recordAttempt} with outcome {@code failed}): counts as {@code failed}.
   */
  public void attemptFailed(String provider, Channel channel) {
    // Counted from phase 1 on (see the class comment).
  }

  /**
   * A message ended ({@code SendRecordActivitiesImpl.recordFinal}): {@code delivered} counts as
   * delivered, otherwise (failed, undelivered) as failed; an expired message is neither and is not
   * reported.
   *
   * @param receiptLatencyMs from the provider taking the message ({@code sent_at}) to the end;
   *     empty when it was never sent
   */
  public void finished(
      String provider, Channel channel, boolean delivered, OptionalLong receiptLatencyMs) {
    // Counted from phase 1 on (see the class comment).
  }
}
