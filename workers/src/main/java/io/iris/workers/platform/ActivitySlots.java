package io.iris.workers.platform;

import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.LocalActivitySlotInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The activity slots of this process's workers, one {@link ResizableSlotSupplier} per task queue
 * (made by {@link WorkerTuning} as each worker is built; resized by {@link WorkerControls}), and
 * their local-activity slots, resized with them: a send's provider call is a local activity.
 */
public final class ActivitySlots {

  private final int configured;
  private final int configuredLocal;
  private final int ceiling;
  private final Map<String, ResizableSlotSupplier<ActivitySlotInfo>> byQueue =
      new ConcurrentHashMap<>();
  private final Map<String, ResizableSlotSupplier<LocalActivitySlotInfo>> localByQueue =
      new ConcurrentHashMap<>();

  /**
   * @param configured the slots each worker starts with ({@code
   *     IRIS_WORKER_MAX_CONCURRENT_ACTIVITIES})
   * @param scaleMaxSlots the most {@code scale_workers} sets ({@code
   *     IRIS_REMEDIATION_SCALE_MAX_SLOTS}); the ceiling is the larger of the two
   */
  public ActivitySlots(int configured, int scaleMaxSlots) {
    this(configured, configured, scaleMaxSlots);
  }

  /**
   * @param configuredLocal the local-activity slots each worker starts with ({@code
   *     IRIS_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES})
   */
  public ActivitySlots(int configured, int configuredLocal, int scaleMaxSlots) {
    if (configured < 1) {
      throw new IllegalArgumentException(
          "iris.temporal.worker.max-concurrent-activities must be at least 1, got " + configured);
    }
    if (configuredLocal < 1) {
      throw new IllegalArgumentException(
          "iris.temporal.worker.max-concurrent-local-activities must be at least 1, got "
              + configuredLocal);
    }
    this.configured = configured;
    this.configuredLocal = configuredLocal;
    this.ceiling = Math.max(Math.max(configured, configuredLocal), scaleMaxSlots);
  }

  /** A new supplier for the queue's worker, at the configured size; it replaces any before. */
  ResizableSlotSupplier<ActivitySlotInfo> newSupplier(String taskQueue) {
    ResizableSlotSupplier<ActivitySlotInfo> supplier =
        new ResizableSlotSupplier<>(configured, ceiling);
    byQueue.put(taskQueue, supplier);
    return supplier;
  }

  /** A new local-activity supplier for the queue's worker, at its configured size. */
  ResizableSlotSupplier<LocalActivitySlotInfo> newLocalSupplier(String taskQueue) {
    ResizableSlotSupplier<LocalActivitySlotInfo> supplier =
        new ResizableSlotSupplier<>(configuredLocal, ceiling);
    localByQueue.put(taskQueue, supplier);
    return supplier;
  }

  /** The queue's supplier, if this process has a worker for it. */
  public Optional<ResizableSlotSupplier<ActivitySlotInfo>> of(String taskQueue) {
    return Optional.ofNullable(byQueue.get(taskQueue));
  }

  /** The queue's local-activity supplier, if this process has a worker for it. */
  public Optional<ResizableSlotSupplier<LocalActivitySlotInfo>> localOf(String taskQueue) {
    return Optional.ofNullable(localByQueue.get(taskQueue));
  }

  /** The local-activity slots each worker is configured with. */
  public int configuredLocal() {
    return configuredLocal;
  }

  /** The task queues with a supplier here. */
  public Set<String> queues() {
    return Set.copyOf(byQueue.keySet());
  }

  /** The slots each worker is configured with. */
  public int configured() {
    return configured;
  }

  /** The most slots a worker here can be set to. */
  public int ceiling() {
    return ceiling;
  }
}
