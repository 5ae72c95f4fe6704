package io.iris.api.send;

import io.iris.activities.send.MessageStore;
import io.iris.activities.send.SendOutbox;
import io.iris.activities.send.SendOutbox.Backoff;
import io.iris.activities.send.SendOutbox.Waiting;
import io.iris.activities.send.SendSettings;
import io.iris.workflows.send.MessageStatus;
import io.iris.workflows.send.SendRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
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
 * workflow id is the message id), so the two — in this process or in others — may overlap
 * harmlessly.
 *
 * <p>A start that fails for now is tried again with exponential backoff, up to {@code
 * iris.send.outbox-max-attempts}; one refused for good (see {@link StartOutcome#of}) or out of
 * attempts ends the message {@code failed} with the reason. A send cancelled while it waits ends
 * {@code cancelled} without a workflow; if its start was in flight at that moment, the workflow it
 * made is told to cancel.
 *
 * <p>The sweep is an in-process loop rather than a Temporal Schedule on purpose: it exists for the
 * moments Temporal cannot be reached.
 */
@Component
class SendStarter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SendStarter.class);

  private final SendOutbox outbox;
  private final MessageStore messages;
  private final SendWorkflows workflows;
  private final StartPayloads payloads;
  private final SendSettings settings;
  private final Clock clock;
  private final Backoff backoff;
  private final Semaphore permits;
  private final ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Thread sweeper;
  private boolean sweepFailing;

  SendStarter(
      SendOutbox outbox,
      MessageStore messages,
      SendWorkflows workflows,
      StartPayloads payloads,
      SendSettings settings,
      Clock clock) {
    this.outbox = outbox;
    this.messages = messages;
    this.workflows = workflows;
    this.payloads = payloads;
    this.settings = settings;
    this.clock = clock;
    this.backoff = new Backoff(settings.outboxInitialBackoff(), settings.outboxMaxBackoff());
    this.permits = new Semaphore(settings.maxConcurrentStarts());
  }

  /**
   * When the sweep may first take a send accepted now (the start right after has it until then).
   */
  Instant sweepFrom(Instant acceptedAt) {
    return acceptedAt.plus(settings.outboxGrace());
  }

  /** Starts the send's workflow in the background; the outbox row keeps it safe meanwhile. */
  void startSoon(SendRequest request) {
    starters.execute(() -> withPermit(() -> startAccepted(request)));
  }

  /**
   * Cancels a send still waiting for its workflow: its outbox row goes and the message ends {@code
   * cancelled}, atomically. False when it is not waiting (the workflow exists, or the send ended).
   */
  boolean cancelWaiting(UUID messageId, String reason) {
    String why = reason.isBlank() ? "cancelled before its workflow started" : reason;
    if (!outbox.cancelWaiting(messageId, why, clock.instant())) {
      return false;
    }
    // A start may have been in flight (here or in another process) and land after the row was
    // removed — that one notices and cancels its workflow (see started) — or a process may have
    // stopped between starting the workflow and removing the row: tell such a workflow now.
    starters.execute(() -> cancelStartedAnyway(messageId, why));
    return true;
  }

  /** The first start, right after the accepting transaction committed. */
  private void startAccepted(SendRequest request) {
    UUID id = UUID.fromString(request.messageId());
    StartOutcome outcome = attempt(request);
    try {
      switch (outcome.kind()) {
        case STARTED -> started(id);
        case REFUSED -> refused(id, outcome);
        case FAILED -> {
          int attempts = outbox.recordFailedAttempt(id, outcome.reason(), clock.instant(), backoff);
          if (attempts > 0) {
            failedForNow(id, attempts, Duration.ZERO, outcome);
          }
        }
      }
    } catch (RuntimeException e) {
      // The database is unreachable: the row is still there for a sweep.
      log.warn("message {}: could not record its start: {}", id, e.getMessage());
    }
  }

  /**
   * One sweep: claims the sends that are due (longest due first, at most {@code
   * iris.send.outbox-sweep-batch}) and starts them, {@code iris.send.max-concurrent-starts} at a
   * time. Returns how many it claimed.
   */
  int sweep() throws InterruptedException {
    List<Waiting> due = outbox.claimDue(clock.instant(), settings.outboxSweepBatch(), backoff);
    List<Callable<Void>> tasks = new ArrayList<>(due.size());
    for (Waiting waiting : due) {
      tasks.add(
          () -> {
            withPermit(() -> startClaimed(waiting));
            return null;
          });
    }
    starters.invokeAll(tasks);
    return due.size();
  }

  private void startClaimed(Waiting waiting) {
    UUID id = waiting.messageId();
    try {
      if (waiting.request().isEmpty()) {
        refused(
            id,
            StartOutcome.refused(StartOutcome.START_REFUSED, "its stored request is unreadable"));
        return;
      }
      StartOutcome outcome = attempt(waiting.request().get());
      switch (outcome.kind()) {
        case STARTED -> started(id);
        case REFUSED -> refused(id, outcome);
        case FAILED -> {
          outbox.recordError(id, outcome.reason());
          failedForNow(
              id,
              waiting.attempts(),
              Duration.between(waiting.createdAt(), clock.instant()),
              outcome);
        }
      }
    } catch (RuntimeException e) {
      log.warn("message {}: could not record its start: {}", id, e.getMessage());
    }
  }

  private StartOutcome attempt(SendRequest request) {
    try {
      int size = payloads.size(request);
      if (size > payloads.limit()) {
        // Accepted before the limit was checked, or under a larger one: the server would refuse it.
        return StartOutcome.refused(
            StartOutcome.PAYLOAD_TOO_LARGE,
            "its workflow input is "
                + size
                + " bytes, more than iris.send.max-start-payload-bytes ("
                + payloads.limit()
                + ")");
      }
      workflows.startSend(request);
      return StartOutcome.STARTED;
    } catch (RuntimeException e) {
      return StartOutcome.of(e);
    }
  }

  /** The workflow exists; the row goes. */
  private void started(UUID id) {
    if (outbox.started(id)) {
      return;
    }
    // The row was gone: another start of the same send removed it, or a cancel did while this
    // start was in flight. In the second case the workflow just made must stop too.
    messages
        .findById(id)
        .filter(m -> MessageStatus.CANCELLED.wireName().equals(m.status()))
        .ifPresent(m -> cancelStartedAnyway(id, String.valueOf(m.errorMessage())));
  }

  private void refused(UUID id, StartOutcome outcome) {
    if (outbox.giveUp(id, outcome.code(), outcome.reason(), clock.instant())) {
      log.warn("message {}: workflow start refused, the message failed: {}", id, outcome.reason());
    }
  }

  private void failedForNow(UUID id, int attempts, Duration waited, StartOutcome outcome) {
    if (attempts < settings.outboxMaxAttempts()) {
      log.warn(
          "message {}: workflow start {} of {} failed, next in {}: {}",
          id,
          attempts,
          settings.outboxMaxAttempts(),
          human(backoff.after(attempts)),
          outcome.reason());
      return;
    }
    String reason =
        "its workflow could not be started in "
            + attempts
            + " attempts over "
            + human(waited)
            + "; the last failed with: "
            + outcome.reason();
    if (outbox.giveUp(id, StartOutcome.START_ATTEMPTS_EXHAUSTED, reason, clock.instant())) {
      log.warn("message {}: {}", id, reason);
    }
  }

  /** 1h10m5s rather than PT1H10M5S. */
  private static String human(Duration d) {
    return d.withNanos(0).toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private void cancelStartedAnyway(UUID id, String reason) {
    try {
      if (workflows.cancelSend(id.toString(), reason)) {
        log.info("message {}: cancelled while its start was in flight; its workflow is told", id);
      }
    } catch (RuntimeException e) {
      log.warn(
          "message {}: could not tell a late-started workflow to cancel: {}", id, e.getMessage());
    }
  }

  private void withPermit(Runnable start) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      start.run();
    } finally {
      permits.release();
    }
  }

  private void sweepForever() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(settings.outboxSweepInterval());
        int claimed = sweep();
        if (claimed > 0) {
          log.info("outbox sweep tried {} waiting sends", claimed);
        }
        if (sweepFailing) {
          sweepFailing = false;
          log.info("outbox sweep works again");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // The database is down, most likely: say so once, and keep the same pace (no spinning).
        if (!sweepFailing) {
          sweepFailing = true;
          log.warn(
              "outbox sweep failed, retrying every {} until it works: {}",
              human(settings.outboxSweepInterval()),
              e.getMessage());
        } else {
          log.debug("outbox sweep still failing: {}", e.getMessage());
        }
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
