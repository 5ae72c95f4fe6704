package io.iris.workers.platform;

import io.temporal.worker.tuning.SlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The activity (or local-activity) slots of one worker, whose number can change while the worker
 * runs ({@code scale_workers}, applied by {@link WorkerControls}). Like the SDK's {@code
 * FixedSizeSlotSupplier} it is a counting semaphore with a queue of waiting reservations, served in
 * order; unlike it the limit can be raised (waiting reservations get their slots at once) or
 * lowered (slots already handed out are kept until they are released, and new reservations wait
 * until fewer than the new limit are out). A running activity is never affected.
 *
 * <p>{@link #getMaximumSlots()} is the ceiling, fixed at construction: the SDK sizes the worker's
 * activity thread pool from it once and says it must never change, so the limit moves below it (the
 * SDK's "slots available" gauge counts from the ceiling too).
 */
public final class ResizableSlotSupplier<SI extends SlotInfo> implements SlotSupplier<SI> {

  private final int ceiling;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Reservation> waiting = new ArrayDeque<>();
  private final Supplier<SlotPermit> permits;
  private int limit;
  private int issued;

  /**
   * @param initial the slots it starts with
   * @param ceiling the most it can ever be set to (at least {@code initial})
   */
  public ResizableSlotSupplier(int initial, int ceiling) {
    this(initial, ceiling, SlotPermit::new);
  }

  /** With where its permits come from (a test holds one back to race an abort against it). */
  ResizableSlotSupplier(int initial, int ceiling, Supplier<SlotPermit> permits) {
    if (initial < 1) {
      throw new IllegalArgumentException("at least one activity slot, got " + initial);
    }
    if (ceiling < initial) {
      throw new IllegalArgumentException(
          "the ceiling " + ceiling + " is below the initial " + initial + " activity slots");
    }
    this.limit = initial;
    this.ceiling = ceiling;
    this.permits = permits;
  }

  @Override
  public SlotSupplierFuture reserveSlot(SlotReserveContext<SI> ctx) {
    lock.lock();
    try {
      if (waiting.isEmpty() && issued < limit) {
        issued++;
        return SlotSupplierFuture.completedFuture(permits.get());
      }
      Reservation waiter = new Reservation();
      waiting.add(waiter);
      return waiter;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<SlotPermit> tryReserveSlot(SlotReserveContext<SI> ctx) {
    lock.lock();
    try {
      if (waiting.isEmpty() && issued < limit) {
        issued++;
        return Optional.of(permits.get());
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void markSlotUsed(SlotMarkUsedContext<SI> ctx) {}

  @Override
  public void releaseSlot(SlotReleaseContext<SI> ctx) {
    giveBack(1);
  }

  /** The ceiling, which never changes (see the class comment). */
  @Override
  public Optional<Integer> getMaximumSlots() {
    return Optional.of(ceiling);
  }

  /**
   * Sets the limit, clamped to 1..{@link #ceiling()}; waiting reservations that now fit get their
   * slots.
   *
   * @return the limit before
   */
  public int resize(int slots) {
    int before;
    lock.lock();
    try {
      before = limit;
      limit = Math.max(1, Math.min(slots, ceiling));
    } finally {
      lock.unlock();
    }
    handOut();
    return before;
  }

  /** The slots that may be out at once now. */
  public int limit() {
    lock.lock();
    try {
      return limit;
    } finally {
      lock.unlock();
    }
  }

  /** The most {@link #resize} sets. */
  public int ceiling() {
    return ceiling;
  }

  /** Slots handed out and not yet released (may exceed the limit just after it was lowered). */
  public int issued() {
    lock.lock();
    try {
      return issued;
    } finally {
      lock.unlock();
    }
  }

  /** Reservations waiting for a slot. */
  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A reservation waiting in line. Only {@link #handOut} completes it, after taking it off the
   * line; an abort completes it exceptionally. Both race on this one future: if the abort wins
   * after the slot was counted, {@link #handOut} sees its completion fail and takes the slot back;
   * if it loses, the permit is returned for the caller to release, as the SDK does.
   */
  private final class Reservation extends SlotSupplierFuture {
    @Override
    public SlotPermit abortReservation() {
      lock.lock();
      try {
        waiting.remove(this);
      } finally {
        lock.unlock();
      }
      if (completeExceptionally(new CancellationException("reservation aborted"))
          || isCompletedExceptionally()) {
        return null;
      }
      return join();
    }
  }

  private void giveBack(int slots) {
    lock.lock();
    try {
      issued = Math.max(0, issued - slots);
    } finally {
      lock.unlock();
    }
    handOut();
  }

  /**
   * Hands the free slots to the reservations waiting longest. They are completed outside the lock
   * (their callbacks run in this thread); one aborted meanwhile gives its slot back.
   */
  private void handOut() {
    while (true) {
      List<Reservation> served = new ArrayList<>();
      lock.lock();
      try {
        while (issued < limit && !waiting.isEmpty()) {
          served.add(waiting.poll());
          issued++;
        }
      } finally {
        lock.unlock();
      }
      int lost = 0;
      for (Reservation waiter : served) {
        if (!waiter.complete(permits.get())) {
          lost++;
        }
      }
      if (lost == 0) {
        return;
      }
      lock.lock();
      try {
        issued -= lost;
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ResizableSlotSupplier{limit="
          + limit
          + ", ceiling="
          + ceiling
          + ", issued="
          + issued
          + ", waiting="
          + waiting.size()
          + '}';
    } finally {
      lock.unlock();
    }
  }
}
