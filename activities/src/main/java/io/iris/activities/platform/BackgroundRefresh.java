package io.iris.activities.platform;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process-local cache's re-read: a virtual thread that runs {@code refresh} every interval, and
 * sooner when {@link #wake woken}. A failing refresh is logged and tried again at the next turn, so
 * the cache keeps its last values meanwhile. Periodic platform work runs on Temporal Schedules;
 * this only keeps one process's copy of shared rows current.
 */
public final class BackgroundRefresh {

  private static final Logger log = LoggerFactory.getLogger(BackgroundRefresh.class);

  private final String name;
  private final Duration interval;
  private final Runnable refresh;
  private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>(1);
  private volatile Thread thread;

  /**
   * @param name the thread's name, also in the log line of a failed refresh
   * @param interval how long it waits between two refreshes when nobody wakes it
   */
  public BackgroundRefresh(String name, Duration interval, Runnable refresh) {
    this.name = name;
    this.interval = interval;
    this.refresh = refresh;
  }

  /** Starts the thread (the owner reads once itself first, so start-up sees current values). */
  public synchronized void start() {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalStateException(
          name + ": the refresh interval must be positive: " + interval);
    }
    if (thread == null) {
      thread = Thread.ofVirtual().name(name).start(this::loop);
    }
  }

  public synchronized void stop() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      thread = null;
    }
  }

  public boolean isRunning() {
    return thread != null;
  }

  /** Asks for a refresh soon (never blocks; several wakes before it runs make one refresh). */
  public void wake() {
    wake.offer(Boolean.TRUE);
  }

  private void loop() {
    long millis = interval.toMillis();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        wake.poll(millis, TimeUnit.MILLISECONDS);
        refresh.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn("{}: refresh failed: {}", name, e.toString());
      }
    }
  }
}
