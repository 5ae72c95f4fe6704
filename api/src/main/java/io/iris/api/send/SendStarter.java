package io.iris.api.send;

import io.iris.activities.send.SendOutbox;
import io.iris.activities.send.SendSettings;
import io.iris.workflows.send.SendRequest;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the workflows of accepted sends from the outbox: at once after the accepting request
 * commits, and again from a periodic sweep for any still waiting. Starting is idempotent (the
 * workflow id is the message id), so the two may overlap harmlessly.
 *
 * <p>The sweep is an in-process loop rather than a Temporal Schedule on purpose: it exists for the
 * moments Temporal cannot be reached.
 */
@Component
class SendStarter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SendStarter.class);
  private static final int SWEEP_BATCH = 500;

  private final SendOutbox outbox;
  private final SendWorkflows workflows;
  private final SendSettings settings;
  private final Clock clock;
  private final Semaphore permits;
  private final ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Thread sweeper;

  SendStarter(SendOutbox outbox, SendWorkflows workflows, SendSettings settings, Clock clock) {
    this.outbox = outbox;
    this.workflows = workflows;
    this.settings = settings;
    this.clock = clock;
    this.permits = new Semaphore(settings.maxConcurrentStarts());
  }

  /** Starts the send's workflow in the background; the outbox row keeps it safe meanwhile. */
  void startSoon(SendRequest request) {
    starters.execute(() -> start(request));
  }

  private void start(SendRequest request) {
    UUID id = UUID.fromString(request.messageId());
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      workflows.startSend(request);
      outbox.remove(id);
    } catch (RuntimeException e) {
      log.warn("message {}: workflow start failed, the sweep will retry: {}", id, e.getMessage());
      try {
        outbox.recordFailure(id, String.valueOf(e.getMessage()));
      } catch (RuntimeException ignored) {
        // The database is unreachable too; the row is still there for the next sweep.
      }
    } finally {
      permits.release();
    }
  }

  /** One sweep: starts every send that has waited longer than the grace period. */
  int sweep() {
    int started = 0;
    for (SendRequest waiting :
        outbox.waitingSince(clock.instant().minus(settings.outboxGrace()), SWEEP_BATCH)) {
      start(waiting);
      started++;
    }
    return started;
  }

  private void sweepForever() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(settings.outboxSweepInterval());
        int started = sweep();
        if (started > 0) {
          log.info("outbox sweep started {} waiting sends", started);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn(
            "outbox sweep failed, next in {}: {}", settings.outboxSweepInterval(), e.getMessage());
      }
    }
  }

  @Override
  public void start() {
    sweeper = Thread.ofVirtual().name("send-outbox-sweep").start(this::sweepForever);
  }

  @Override
  public void stop() {
    Thread t = sweeper;
    if (t != null) {
      t.interrupt();
    }
    starters.shutdown();
  }

  @Override
  public boolean isRunning() {
    return sweeper != null && sweeper.isAlive();
  }
}
