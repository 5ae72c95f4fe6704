package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The activity slots scale_workers resizes while a worker runs. */
class ResizableSlotSupplierTest {

  // The supplier reads nothing from the SDK's contexts, so none are passed.

  private static SlotSupplierFuture reserve(ResizableSlotSupplier<ActivitySlotInfo> slots) {
    return slots.reserveSlot(null);
  }

  private static void release(ResizableSlotSupplier<ActivitySlotInfo> slots) {
    slots.releaseSlot(null);
  }

  private static List<SlotSupplierFuture> reserve(
      ResizableSlotSupplier<ActivitySlotInfo> slots, int n) {
    List<SlotSupplierFuture> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(reserve(slots));
    }
    return futures;
  }

  @Test
  void givenEverySlotReserved_whenOneMoreIsAsked_itShouldWaitUntilOneIsReleased() throws Exception {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(2, 10);

    List<SlotSupplierFuture> held = reserve(slots, 2);
    SlotSupplierFuture third = reserve(slots);

    assertThat(held).allMatch(SlotSupplierFuture::isDone);
    assertThat(third).isNotDone();
    assertThat(slots.tryReserveSlot(null)).isEmpty();
    assertThat(slots.waiting()).isEqualTo(1);

    release(slots);

    assertThat(third.get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(slots.issued()).isEqualTo(2);
    assertThat(slots.waiting()).isZero();
  }

  @Test
  void givenReservationsWaiting_whenTheLimitIsRaised_itShouldHandThemSlotsAtOnceInOrder()
      throws Exception {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(1, 10);
    reserve(slots);
    List<SlotSupplierFuture> waiting = reserve(slots, 3);

    int before = slots.resize(3);

    assertThat(before).isEqualTo(1);
    assertThat(waiting.get(0).get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(waiting.get(1).get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(waiting.get(2)).isNotDone();
    assertThat(slots.issued()).isEqualTo(3);
    assertThat(slots.limit()).isEqualTo(3);
  }

  @Test
  void givenSlotsInUse_whenTheLimitIsLowered_itShouldKeepThemAndMakeNewOnesWaitUntilBelowIt()
      throws Exception {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(3, 10);
    reserve(slots, 3);

    slots.resize(1);
    SlotSupplierFuture next = reserve(slots);

    assertThat(slots.issued()).isEqualTo(3); // the running ones keep their slots
    assertThat(next).isNotDone();
    assertThat(slots.tryReserveSlot(null)).isEmpty();
    release(slots);
    assertThat(next).isNotDone(); // 2 out, limit 1
    release(slots);
    assertThat(next).isNotDone(); // 1 out, limit 1
    release(slots);
    assertThat(next.get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(slots.issued()).isEqualTo(1);
    assertThat(slots.tryReserveSlot(null)).isEmpty();
  }

  @Test
  void givenAnAbortedWaitingReservation_whenASlotIsFreed_itShouldGoToTheNextWaiterAndAddNoSlot()
      throws Exception {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(1, 10);
    reserve(slots);
    SlotSupplierFuture abandoned = reserve(slots);
    SlotSupplierFuture next = reserve(slots);

    assertThat(abandoned.abortReservation()).isNull();

    assertThat(slots.waiting()).isEqualTo(1);
    assertThat(slots.issued()).isEqualTo(1);
    assertThat(next).isNotDone(); // the abort freed nothing
    assertThat(slots.tryReserveSlot(null)).isEmpty();
    assertThatThrownBy(abandoned::join).isInstanceOf(CancellationException.class);

    release(slots);

    assertThat(next.get(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(slots.issued()).isEqualTo(1);
    release(slots);
    assertThat(slots.issued()).isZero();
    assertThat(slots.tryReserveSlot(null)).isPresent();
    assertThat(slots.tryReserveSlot(null)).isEmpty();
  }

  @Test
  void givenAGrantedReservation_whenAbortedAfterwards_itShouldReturnThePermitToBeReleased() {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(1, 10);
    SlotSupplierFuture immediate = reserve(slots);
    SlotSupplierFuture waited = reserve(slots);
    release(slots); // waited now has the slot

    SlotPermit permit = waited.abortReservation();

    assertThat(permit).isNotNull(); // the caller releases it, as the SDK does
    assertThat(immediate.abortReservation()).isNotNull();
    assertThat(slots.issued()).isEqualTo(1);
  }

  /**
   * The slot is counted for a waiting reservation and, before it is completed, the reservation is
   * aborted (a poller shutting down): the slot must come back, not stay counted forever.
   */
  @Test
  void givenAReservationAbortedWhileItsSlotIsHandedOut_whenDone_itShouldGetTheSlotBack()
      throws Exception {
    CountDownLatch handingOut = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    ResizableSlotSupplier<ActivitySlotInfo> slots =
        new ResizableSlotSupplier<>(
            1,
            10,
            () -> {
              if (Thread.currentThread().getName().equals("releaser")) {
                handingOut.countDown();
                try {
                  proceed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return new SlotPermit();
            });
    reserve(slots);
    SlotSupplierFuture waiter = reserve(slots);
    Thread releaser = Thread.ofPlatform().name("releaser").start(() -> release(slots));
    assertThat(handingOut.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(waiter.abortReservation()).isNull(); // not completed yet: aborted
    assertThat(slots.issued()).isEqualTo(1); // counted for the aborted one
    proceed.countDown();
    releaser.join(5_000);

    assertThat(slots.issued()).isZero();
    assertThat(slots.waiting()).isZero();
    assertThat(slots.tryReserveSlot(null)).isPresent();
    assertThat(slots.tryReserveSlot(null)).isEmpty();
  }

  @Test
  void givenAnAbortedReservation_whenAbortedAgain_itShouldStillHoldNoPermit() {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(1, 10);
    reserve(slots);
    SlotSupplierFuture waiter = reserve(slots);

    assertThat(waiter.abortReservation()).isNull();
    assertThat(waiter.abortReservation()).isNull();
    release(slots);

    assertThat(slots.issued()).isZero();
  }

  @Test
  void givenAResize_whenOutsideOneToTheCeiling_itShouldBeClampedAndKeepTheMaximumSlotsFixed() {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(4, 16);

    slots.resize(1_000);
    assertThat(slots.limit()).isEqualTo(16);
    slots.resize(0);
    assertThat(slots.limit()).isEqualTo(1);
    assertThat(slots.getMaximumSlots()).contains(16);
  }

  @Test
  void givenTheLimitRaisedWhileAReservationIsAwaited_whenAwaiting_itShouldStopWaiting()
      throws Exception {
    ResizableSlotSupplier<ActivitySlotInfo> slots = new ResizableSlotSupplier<>(1, 4);
    reserve(slots);
    SlotSupplierFuture waiter = reserve(slots);
    assertThatThrownBy(() -> waiter.get(50, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);

    Thread.ofVirtual().start(() -> slots.resize(2));

    assertThat(waiter.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void givenNoSlotOrACeilingBelowTheStart_whenBuilt_itShouldBeRefused() {
    assertThatThrownBy(() -> new ResizableSlotSupplier<>(0, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResizableSlotSupplier<>(8, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
