package io.iris.workers.platform;

import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.temporal.spring.boot.autoconfigure.template.WorkersTemplate;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Applies the worker controls to this process's Temporal workers: a new {@code
 * worker.restart.{queue}} suspends the polling of that queue's worker for {@code
 * IRIS_REMEDIATION_RESTART_PAUSE} and resumes it ({@code restart_worker}); {@link #stall} does the
 * same for a given time (the dev fault hook). It restarts polling, not the JVM: the Spring starter
 * owns the worker factory. A process without workers ({@code IRIS_WORKERS_ENABLED=false}) does
 * nothing.
 *
 * <p>{@code worker.activity-slots.{queue}} ({@code scale_workers}) is recorded and reported here,
 * but the activity slots of a running worker are fixed by {@code WorkerTuning} ({@code
 * setMaxConcurrentActivityExecutionSize}); resizing them live needs a resizable {@code
 * SlotSupplier}, not built yet — the scaler hook ({@code IRIS_REMEDIATION_SCALER_URL}) is the
 * effective means meanwhile.
 */
@Component
public class WorkerControls {

  private static final Logger log = LoggerFactory.getLogger(WorkerControls.class);

  private final ObjectProvider<WorkersTemplate> workers;
  private final RemediationSettings settings;
  private final PlatformControls controls;
  private final Map<String, Long> restartsSeen = new ConcurrentHashMap<>();
  private final Map<String, String> slotsSeen = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> suspensions = new ConcurrentHashMap<>();
  private volatile boolean first = true;

  public WorkerControls(
      ObjectProvider<WorkersTemplate> workers,
      RemediationSettings settings,
      PlatformControls controls) {
    this.workers = workers;
    this.settings = settings;
    this.controls = controls;
    controls.onRefresh(this::apply);
  }

  /** Applies the controls read (on the refresher's thread; the pauses run on their own). */
  void apply(Map<String, PlatformControls.Control> all) {
    boolean initial = first;
    first = false;
    all.forEach(
        (name, control) -> {
          if (name.startsWith("worker.restart.")) {
            String queue = name.substring("worker.restart.".length());
            long generation = controls.longValue(name, 0);
            Long before = restartsSeen.put(queue, generation);
            // At start-up the generations are only noted: a restart asked before is done.
            if (!initial && (before == null || before != generation)) {
              log.warn("workers: restart {} of the polling of {} asked", generation, queue);
              stall(queue, settings.restartPause());
            }
          } else if (name.startsWith("worker.activity-slots.")) {
            String queue = name.substring("worker.activity-slots.".length());
            if (!control.value().equals(slotsSeen.put(queue, control.value()))) {
              log.warn(
                  "workers: {} asks for {} activity slots on {}; this process keeps its configured"
                      + " slots (set IRIS_WORKER_MAX_CONCURRENT_ACTIVITIES, or the scaler hook)",
                  control.setBy(),
                  control.value(),
                  queue);
            }
          }
        });
  }

  /**
   * Suspends the polling of the queue's worker in this process and resumes it after {@code pause}
   * (on a virtual thread; returns at once).
   *
   * @return false when this process has no worker for the queue
   */
  public boolean stall(String taskQueue, Duration pause) {
    WorkersTemplate template = workers.getIfAvailable();
    Worker worker = template == null ? null : template.getWorkerFactory().tryGetWorker(taskQueue);
    if (worker == null) {
      return false;
    }
    AtomicInteger count = suspensions.computeIfAbsent(taskQueue, q -> new AtomicInteger());
    count.incrementAndGet();
    worker.suspendPolling();
    log.warn("workers: polling of {} suspended for {}", taskQueue, pause);
    Thread.ofVirtual()
        .name("worker-resume-" + taskQueue)
        .start(
            () -> {
              try {
                Thread.sleep(pause);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                // Overlapping pauses: the last one to end resumes.
                if (count.decrementAndGet() == 0) {
                  worker.resumePolling();
                  log.warn("workers: polling of {} resumed", taskQueue);
                }
              }
            });
    return true;
  }

  /** Whether this process's worker of the queue is polling now (false: suspended or none). */
  public boolean polling(String taskQueue) {
    WorkersTemplate template = workers.getIfAvailable();
    Worker worker = template == null ? null : template.getWorkerFactory().tryGetWorker(taskQueue);
    return worker != null && !worker.isSuspended();
  }
}
