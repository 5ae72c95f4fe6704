package io.iris.activities.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes this process's per-minute health totals ({@link HealthRecorder}) to {@code
 * system_health_metrics} every {@code iris.health.metrics-flush-interval}, and once more at stop,
 * from a virtual thread of its own: the send path never waits for the database.
 *
 * <p>The rows are cumulative totals under this process's {@link #source()}, so a flush that is
 * repeated, or retried after a failure, rewrites the same rows. While the database is down the
 * flusher says so once, keeps at most {@code iris.health.metrics-max-buffered} minutes (older ones
 * are dropped, and counted in the log) and tries again each interval. A crash loses what was
 * counted since the last flush.
 *
 * <p>An in-process loop rather than a Temporal Schedule, as the send outbox sweep is: the figures
 * live in this process's memory.
 */
@Component
public class HealthMetricsFlusher implements SmartLifecycle, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(HealthMetricsFlusher.class);

  private final HealthRecorder recorder;
  private final HealthMetricsStore store;
  private final HealthSettings settings;
  private final Clock clock;
  private final String source = UUID.randomUUID().toString();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile Thread loop;
  private boolean failing;

  public HealthMetricsFlusher(
      HealthRecorder recorder, HealthMetricsStore store, HealthSettings settings, Clock clock) {
    this.recorder = recorder;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** This process's {@code source} in {@code system_health_metrics}: random, made at start. */
  public String source() {
    return source;
  }

  /**
   * One flush: drops the minutes beyond the buffer cap, writes every minute that changed since its
   * last write, and forgets the minutes written in full that are well past. Never throws; false
   * when the write failed (the figures stay for the next try).
   */
  public synchronized boolean flush() {
    Instant now = clock.instant();
    Instant oldestKept =
        now.truncatedTo(ChronoUnit.MINUTES)
            .minus(Duration.ofMinutes(settings.metricsMaxBuffered() - 1L));
    int dropped = recorder.dropBefore(oldestKept);
    if (dropped > 0) {
      log.warn(
          "health metrics: {} unwritten minute totals older than {} minutes dropped"
              + " (iris.health.metrics-max-buffered)",
          dropped,
          settings.metricsMaxBuffered());
    }
    List<HealthRecorder.Minute> pending = recorder.pending();
    try {
      store.upsert(source, pending);
    } catch (RuntimeException e) {
      // The database is down, most likely: say so once, keep the figures and the pace.
      if (!failing) {
        failing = true;
        log.warn(
            "health metrics: writing {} minute totals failed, retrying every {}: {}",
            pending.size(),
            human(settings.metricsFlushInterval()),
            e.getMessage());
      } else {
        log.debug("health metrics: writing still fails: {}", e.getMessage());
      }
      return false;
    }
    recorder.flushed(pending, now);
    if (failing) {
      failing = false;
      log.info("health metrics: writing works again");
    }
    return true;
  }

  /** Every interval until stopped, then once more (the figures counted since the last tick). */
  private void flushForever() {
    try {
      while (!stopping.await(settings.metricsFlushInterval().toMillis(), TimeUnit.MILLISECONDS)) {
        flushSafely();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushSafely();
  }

  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("health metrics: flush failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    loop = Thread.ofVirtual().name("health-metrics-flush").start(this::flushForever);
  }

  /**
   * Ends the loop, which writes once more; waits for that at most one flush interval (the
   * connection timeout bounds it while the database is down).
   */
  @Override
  public void stop() {
    Thread t = loop;
    if (t == null) {
      return;
    }
    stopping.countDown();
    try {
      if (!t.join(settings.metricsFlushInterval())) {
        log.warn("health metrics: the last write is still under way at stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Once more as the context closes: the Temporal worker factory shuts down with the beans, after
   * the lifecycle stop, so an activity ending in between is still written (the store's database
   * outlives this bean, which depends on it).
   */
  @Override
  public void destroy() {
    if (loop != null) {
      flushSafely();
    }
  }

  @Override
  public boolean isRunning() {
    Thread t = loop;
    return t != null && t.isAlive();
  }

  /** 5s rather than PT5S. */
  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
