package io.iris.workers.platform;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The activity slots of this process's workers, one {@link ResizableSlotSupplier} per task queue
 * (made by {@link WorkerTuning} as each worker is built; resized by {@link WorkerControls}).
 */
public final class ActivitySlots {

  private final int configured;
  private final int ceiling;
  private final Map<String, ResizableSlotSupplier> byQueue = new ConcurrentHashMap<>();

  /**
   * @param configured the slots each worker starts with ({@code
   *     IRIS_WORKER_MAX_CONCURRENT_ACTIVITIES})
   * @param scaleMaxSlots the most {@code scale_workers} sets ({@code
   *     IRIS_REMEDIATION_SCALE_MAX_SLOTS}); the ceiling is the larger of the two
   */
  public ActivitySlots(int configured, int scaleMaxSlots) {
    if (configured < 1) {
      throw new IllegalArgumentException(
          "iris.temporal.worker.max-concurrent-activities must be at least 1, got " + configured);
    }
    this.configured = configured;
    this.ceiling = Math.max(configured, scaleMaxSlots);
  }

  /** A new supplier for the queue's worker, at the configured size; it replaces any before. */
  ResizableSlotSupplier newSupplier(String taskQueue) {
    ResizableSlotSupplier supplier = new ResizableSlotSupplier(configured, ceiling);
    byQueue.put(taskQueue, supplier);
    return supplier;
  }

  /** The queue's supplier, if this process has a worker for it. */
  public Optional<ResizableSlotSupplier> of(String taskQueue) {
    return Optional.ofNullable(byQueue.get(taskQueue));
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
