package io.iris.workers.platform;

import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.temporal.spring.boot.autoconfigure.template.WorkersTemplate;
import io.temporal.worker.Worker;
import io.temporal.worker.tuning.ActivitySlotInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Applies the worker controls to this process's Temporal workers: a new {@code
 * worker.restart.{queue}} suspends the polling of that queue's worker for {@code
 * IRIS_REMEDIATION_RESTART_PAUSE} and resumes it ({@code restart_worker}); {@link #stall} does the
 * same for a given time (the dev fault hook). It restarts polling, not the JVM: the Spring starter
 * owns the worker factory. A process without workers ({@code IRIS_WORKERS_ENABLED=false}) does
 * nothing.
 *
 * <p>{@code worker.activity-slots.{queue}} ({@code scale_workers}) resizes the activity slots of
 * the queue's worker here ({@link ActivitySlots}), and its local-activity slots with them (a send's
 * provider call is a local activity), at once, at most {@code IRIS_REMEDIATION_SCALE_MAX_SLOTS} (or
 * the configured size, if larger): raised, waiting polls get their slots; lowered, running
 * activities finish and new ones wait until fewer are running. Each read applies the state, so a
 * process started later, or a worker built after the first read, gets it too; without the control
 * the queue runs its configured {@code IRIS_WORKER_MAX_CONCURRENT_ACTIVITIES}. A value that is not
 * a whole number of at least 1 is reported and changes nothing.
 */
@Component
public class WorkerControls {

  private static final Logger log = LoggerFactory.getLogger(WorkerControls.class);

  private final Function<String, Worker> workerOf;
  private final RemediationSettings settings;
  private final ActivitySlots activitySlots;
  private final Map<String, Long> restartsSeen = new ConcurrentHashMap<>();
  private final Map<String, String> slotsSeen = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> pauses = new ConcurrentHashMap<>();
  private volatile boolean first = true;

  @Autowired
  public WorkerControls(
      ObjectProvider<WorkersTemplate> workers,
      RemediationSettings settings,
      PlatformControls controls,
      ActivitySlots activitySlots) {
    this(
        queue -> {
          WorkersTemplate template = workers.getIfAvailable();
          return template == null ? null : template.getWorkerFactory().tryGetWorker(queue);
        },
        settings,
        activitySlots);
    controls.onRefresh(this::apply);
  }

  /** With this process's workers by task queue (null: none) and their activity slots. */
  WorkerControls(
      Function<String, Worker> workerOf,
      RemediationSettings settings,
      ActivitySlots activitySlots) {
    this.workerOf = workerOf;
    this.settings = settings;
    this.activitySlots = activitySlots;
  }

  /** Applies the controls read (on the refresher's thread; the pauses run on their own). */
  void apply(Map<String, PlatformControls.Control> all) {
    boolean initial = first;
    first = false;
    all.forEach(
        (name, control) -> {
          if (name.startsWith("worker.restart.")) {
            String queue = name.substring("worker.restart.".length());
            long generation;
            try {
              generation = Long.parseLong(control.value().trim());
            } catch (NumberFormatException e) {
              return;
            }
            Long before = restartsSeen.put(queue, generation);
            // At start-up the generations are only noted: a restart asked before is done.
            if (!initial && (before == null || before != generation)) {
              log.warn("workers: restart {} of the polling of {} asked", generation, queue);
              stall(queue, settings.restartPause());
            }
          }
        });
    for (String queue : activitySlots.queues()) {
      activitySlots.of(queue).ifPresent(slots -> resize(queue, slots, all));
    }
  }

  /** Sets the queue's activity slots to the control's value, or the configured size without one. */
  private void resize(
      String queue,
      ResizableSlotSupplier<ActivitySlotInfo> slots,
      Map<String, PlatformControls.Control> all) {
    PlatformControls.Control control = all.get(PlatformControls.activitySlots(queue));
    int target;
    String why;
    if (control == null) {
      slotsSeen.remove(queue);
      target = activitySlots.configured();
      why = "the control is gone, back to IRIS_WORKER_MAX_CONCURRENT_ACTIVITIES";
    } else {
      String value = control.value().trim();
      long asked;
      try {
        asked = Long.parseLong(value);
      } catch (NumberFormatException e) {
        asked = 0;
      }
      String before = slotsSeen.put(queue, value);
      if (asked < 1) {
        if (!value.equals(before)) {
          log.warn(
              "workers: {} asks for {} activity slots on {}, not a whole number of at least 1;"
                  + " keeping {}",
              control.setBy(),
              value,
              queue,
              slots.limit());
        }
        return;
      }
      int most = Math.max(settings.scaleMaxSlots(), activitySlots.configured());
      target = (int) Math.min(asked, most);
      why =
          "set by "
              + control.setBy()
              + (asked > most ? ", " + asked + " capped by IRIS_REMEDIATION_SCALE_MAX_SLOTS" : "");
    }
    int previous = slots.resize(target);
    if (previous != target) {
      log.warn("workers: activity slots of {} {} -> {} ({})", queue, previous, target, why);
    }
    // The local activities follow: a send's provider call is one.
    int localTarget = control == null ? activitySlots.configuredLocal() : target;
    String reason = why;
    activitySlots
        .localOf(queue)
        .ifPresent(
            local -> {
              int localBefore = local.resize(localTarget);
              if (localBefore != localTarget) {
                log.warn(
                    "workers: local-activity slots of {} {} -> {} ({})",
                    queue,
                    localBefore,
                    localTarget,
                    reason);
              }
            });
  }

  /**
   * Suspends the polling of the queue's worker in this process and resumes it after {@code pause}
   * (on a virtual thread; returns at once). The latest pause decides: a restart during a longer
   * stall (the dev fault, or a hang) resumes polling at the end of its own short pause, and the
   * earlier pause's end then changes nothing.
   *
   * @return false when this process has no worker for the queue
   */
  public boolean stall(String taskQueue, Duration pause) {
    Worker worker = workerOf.apply(taskQueue);
    if (worker == null) {
      return false;
    }
    AtomicLong latest = pauses.computeIfAbsent(taskQueue, q -> new AtomicLong());
    long mine = latest.incrementAndGet();
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
                if (latest.get() == mine) {
                  worker.resumePolling();
                  log.warn("workers: polling of {} resumed", taskQueue);
                }
              }
            });
    return true;
  }

  /** Whether this process's worker of the queue is polling now (false: suspended or none). */
  public boolean polling(String taskQueue) {
    Worker worker = workerOf.apply(taskQueue);
    return worker != null && !worker.isSuspended();
  }
}
