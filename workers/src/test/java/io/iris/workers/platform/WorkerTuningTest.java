package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.activities.remediation.PlatformControls;
import io.iris.workflows.common.TaskQueues;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import io.temporal.worker.tuning.WorkerTuner;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class WorkerTuningTest {

  private static final WorkerTuning.Settings SETTINGS =
      new WorkerTuning.Settings(10_000, true, 8, 6, 400, 200, 400, 2);

  private static WorkerOptions options(String taskQueue, ActivitySlots slots) {
    WorkerOptions.Builder builder = WorkerOptions.newBuilder();
    new WorkerTuning().workerOptionsTuning(SETTINGS, slots).customize(builder, "worker", taskQueue);
    return builder.build();
  }

  @Test
  void givenTheOperationsQueue_whenItsWorkerIsTuned_itShouldPollWithTheFewOperationsPollers() {
    ActivitySlots slots = new ActivitySlots(400, 800);
    WorkerOptions operations = options(TaskQueues.OPERATIONS, slots);
    assertThat(operations.getMaxConcurrentWorkflowTaskPollers()).isEqualTo(2);
    assertThat(operations.getMaxConcurrentActivityTaskPollers()).isEqualTo(2);

    WorkerOptions send = options(TaskQueues.SEND, slots);
    assertThat(send.getMaxConcurrentWorkflowTaskPollers()).isEqualTo(8);
    assertThat(send.getMaxConcurrentActivityTaskPollers()).isEqualTo(6);
  }

  @Test
  void givenAQueue_whenItsWorkerIsTuned_itShouldGetFixedSlotsAndItsOwnResizableActivitySlots() {
    ActivitySlots slots = new ActivitySlots(400, 800);
    WorkerOptions send = options(TaskQueues.SEND, slots);
    WorkerOptions incident = options(TaskQueues.INCIDENT, slots);

    WorkerTuner tuner = send.getWorkerTuner();
    assertThat(tuner.getWorkflowTaskSlotSupplier()).isInstanceOf(FixedSizeSlotSupplier.class);
    assertThat(tuner.getWorkflowTaskSlotSupplier().getMaximumSlots()).contains(200);
    // A send's provider call is a local activity: its slots are resizable too.
    assertThat(tuner.getLocalActivitySlotSupplier()).isSameAs(slots.localOf(TaskQueues.SEND).get());
    assertThat(slots.localOf(TaskQueues.SEND).get().limit()).isEqualTo(400);
    assertThat(tuner.getActivityTaskSlotSupplier()).isSameAs(slots.of(TaskQueues.SEND).get());
    assertThat(slots.of(TaskQueues.SEND).get().limit()).isEqualTo(400);
    assertThat(slots.of(TaskQueues.SEND).get().ceiling()).isEqualTo(800);
    assertThat(incident.getWorkerTuner().getActivityTaskSlotSupplier())
        .isNotSameAs(tuner.getActivityTaskSlotSupplier());
    // The SDK refuses a tuner next to setMaxConcurrent*ExecutionSize; this must pass its check.
    WorkerOptions.newBuilder(send).validateAndBuildWithDefaults();
  }

  @Test
  void givenNoOperationsPoller_whenBound_itShouldBeRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new WorkerTuning.Settings(10_000, true, 8, 8, 400, 200, 400, 0))
        .hasMessageContaining("iris.temporal.worker.operations-pollers");
  }

  @Test
  void givenNoActivitySlot_whenBound_itShouldBeRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new WorkerTuning.Settings(10_000, true, 8, 8, 0, 200, 400, 2))
        .hasMessageContaining("iris.temporal.worker.max-concurrent-activities");
  }

  /** Runs {@code n} activities at once and returns what they answered. */
  @WorkflowInterface
  public interface FanOut {
    @WorkflowMethod
    List<String> run(int n);
  }

  @ActivityInterface
  public interface Work {
    String work(int i);
  }

  public static class FanOutImpl implements FanOut {
    private final Work work =
        Workflow.newActivityStub(
            Work.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public List<String> run(int n) {
      List<Promise<String>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        calls.add(Async.function(work::work, i));
      }
      List<String> answers = new ArrayList<>();
      for (Promise<String> call : calls) {
        answers.add(call.get());
      }
      return answers;
    }
  }

  /** Activities that wait for the gate, counting how many run at once. */
  static final class GatedWork implements Work {
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();

    @Override
    public String work(int i) {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        gate.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      return "done " + i;
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void givenATunedWorker_whenScaleWorkersResizesItsSlots_itShouldRunThatManyActivitiesAtOnce()
      throws Exception {
    ActivitySlots slots = new ActivitySlots(2, 800);
    GatedWork work = new GatedWork();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.SEND, options(TaskQueues.SEND, slots));
      worker.registerWorkflowImplementationTypes(FanOutImpl.class);
      worker.registerActivitiesImplementations(work);
      WorkerControls controls =
          new WorkerControls(
              q -> q.equals(TaskQueues.SEND) ? worker : null,
              WorkerControlsTest.settings(Duration.ofSeconds(1)),
              slots);
      env.start();
      FanOut fanOut =
          env.getWorkflowClient()
              .newWorkflowStub(
                  FanOut.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.SEND).build());

      CompletableFuture<List<String>> result = WorkflowClient.execute(fanOut::run, 6);

      await(() -> work.running.get() == 2);
      Thread.sleep(300); // the other four wait for a slot
      assertThat(work.running.get()).isEqualTo(2);

      String name = PlatformControls.activitySlots(TaskQueues.SEND);
      controls.apply(Map.of(name, new PlatformControls.Control(name, "6", "", "test")));

      await(() -> work.running.get() == 6);
      work.gate.countDown();
      assertThat(result.get(20, TimeUnit.SECONDS))
          .containsExactly("done 0", "done 1", "done 2", "done 3", "done 4", "done 5");
      assertThat(work.most.get()).isEqualTo(6);
    }
  }
}
