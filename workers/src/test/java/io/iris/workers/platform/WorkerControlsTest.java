package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.LocalActivitySlotInfo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker controls in one process: restart_worker (a new restart generation suspends polling,
 * then resumes it) and scale_workers (the activity-slots control resizes the queue's slots).
 */
class WorkerControlsTest {

  /** Something to poll for, so the worker's pollers run. */
  @io.temporal.workflow.WorkflowInterface
  public interface Idle {
    @io.temporal.workflow.WorkflowMethod
    void run();
  }

  public static class IdleImpl implements Idle {
    @Override
    public void run() {}
  }

  @io.temporal.activity.ActivityInterface
  public interface Ping {
    String ping();
  }

  TestWorkflowEnvironment env;
  Worker worker;
  WorkerControls controls;
  ActivitySlots activitySlots;

  static RemediationSettings settings(Duration restartPause) {
    return RemediationSettings.defaults().withRestartPause(restartPause);
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    worker = env.newWorker("iris-send");
    worker.registerWorkflowImplementationTypes(IdleImpl.class);
    worker.registerActivitiesImplementations((Ping) () -> "pong");
    env.start();
    activitySlots = new ActivitySlots(4, 800);
    controls =
        new WorkerControls(
            q -> q.equals("iris-send") ? worker : null,
            settings(Duration.ofMillis(500)),
            activitySlots);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  static Map<String, PlatformControls.Control> restart(long generation) {
    return Map.of(
        PlatformControls.restart("iris-send"),
        new PlatformControls.Control(
            PlatformControls.restart("iris-send"), Long.toString(generation), "", "test"));
  }

  static Map<String, PlatformControls.Control> slots(String queue, String value) {
    String name = PlatformControls.activitySlots(queue);
    return Map.of(name, new PlatformControls.Control(name, value, "", "remediation test"));
  }

  @Test
  void givenAnActivitySlotsControl_whenApplied_itShouldResizeThatQueuesSlotsCappedAtTheMaximum() {
    ResizableSlotSupplier<ActivitySlotInfo> send = activitySlots.newSupplier("iris-send");
    ResizableSlotSupplier<ActivitySlotInfo> incident = activitySlots.newSupplier("iris-incident");

    controls.apply(slots("iris-send", "16"));
    assertThat(send.limit()).isEqualTo(16);
    assertThat(incident.limit()).isEqualTo(4); // another queue's control changes nothing here

    controls.apply(slots("iris-send", "5000"));
    assertThat(send.limit()).isEqualTo(800); // IRIS_REMEDIATION_SCALE_MAX_SLOTS

    controls.apply(Map.of());
    assertThat(send.limit()).isEqualTo(4); // the control removed: the configured size
  }

  @Test
  void givenAnActivitySlotsControl_whenApplied_theLocalActivitySlotsShouldFollowIt() {
    ActivitySlots slots = new ActivitySlots(4, 6, 800);
    WorkerControls mine =
        new WorkerControls(
            q -> q.equals("iris-send") ? worker : null, settings(Duration.ofMillis(500)), slots);
    ResizableSlotSupplier<ActivitySlotInfo> send = slots.newSupplier("iris-send");
    ResizableSlotSupplier<LocalActivitySlotInfo> local = slots.newLocalSupplier("iris-send");
    assertThat(local.limit()).isEqualTo(6);

    mine.apply(slots("iris-send", "16"));
    assertThat(send.limit()).isEqualTo(16);
    assertThat(local.limit()).isEqualTo(16); // the sends' provider calls scale with it

    mine.apply(Map.of());
    assertThat(send.limit()).isEqualTo(4);
    assertThat(local.limit()).isEqualTo(6); // IRIS_WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES
  }

  @Test
  void givenAValueThatIsNoSlotCount_whenApplied_itShouldKeepTheSlots() {
    ResizableSlotSupplier<ActivitySlotInfo> send = activitySlots.newSupplier("iris-send");
    controls.apply(slots("iris-send", "12"));

    controls.apply(slots("iris-send", "lots"));
    assertThat(send.limit()).isEqualTo(12);
    controls.apply(slots("iris-send", "0"));
    assertThat(send.limit()).isEqualTo(12);
  }

  @Test
  void givenTheControlReadBeforeTheWorkerWasBuilt_whenReadAgain_itShouldApplyIt() {
    controls.apply(slots("iris-send", "9")); // no worker yet: nothing to resize

    ResizableSlotSupplier<ActivitySlotInfo> send = activitySlots.newSupplier("iris-send");
    assertThat(send.limit()).isEqualTo(4);
    controls.apply(slots("iris-send", "9"));

    assertThat(send.limit()).isEqualTo(9);
  }

  @Test
  void givenANewRestartGeneration_whenApplied_itShouldSuspendPollingThenResumeIt()
      throws InterruptedException {
    controls.apply(restart(1)); // the first read only notes the generation
    assertThat(worker.isSuspended()).isFalse();

    controls.apply(restart(2));

    assertThat(worker.isSuspended()).isTrue();
    assertThat(controls.polling("iris-send")).isFalse();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (worker.isSuspended() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(worker.isSuspended()).isFalse();
    assertThat(controls.polling("iris-send")).isTrue();
  }

  @Test
  void givenALongStall_whenARestartComes_itShouldResumeAtTheEndOfTheRestartsPause()
      throws InterruptedException {
    controls.apply(restart(1));
    assertThat(controls.stall("iris-send", Duration.ofMinutes(5))).isTrue();
    assertThat(worker.isSuspended()).isTrue();

    controls.apply(restart(2)); // a 500 ms pause

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (worker.isSuspended() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(worker.isSuspended()).as("the restart ends the five-minute stall").isFalse();
  }

  @Test
  void givenTheSameGeneration_whenAppliedAgain_itShouldNotRestart() {
    controls.apply(restart(3));
    controls.apply(restart(3));

    assertThat(worker.isSuspended()).isFalse();
  }

  @Test
  void givenAQueueWithNoWorkerHere_whenStalled_itShouldSaySo() {
    assertThat(controls.stall("iris-nowhere", Duration.ofSeconds(1))).isFalse();
  }
}
