package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.common.TaskQueues;
import io.temporal.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

class WorkerTuningTest {

  private static final WorkerTuning.Settings SETTINGS =
      new WorkerTuning.Settings(10_000, true, 8, 6, 400, 200, 400, 2);

  private static WorkerOptions options(String taskQueue) {
    WorkerOptions.Builder builder = WorkerOptions.newBuilder();
    new WorkerTuning().workerOptionsTuning(SETTINGS).customize(builder, "worker", taskQueue);
    return builder.build();
  }

  @Test
  void givenTheOperationsQueue_whenItsWorkerIsTuned_itShouldPollWithTheFewOperationsPollers() {
    WorkerOptions operations = options(TaskQueues.OPERATIONS);
    assertThat(operations.getMaxConcurrentWorkflowTaskPollers()).isEqualTo(2);
    assertThat(operations.getMaxConcurrentActivityTaskPollers()).isEqualTo(2);

    WorkerOptions send = options(TaskQueues.SEND);
    assertThat(send.getMaxConcurrentWorkflowTaskPollers()).isEqualTo(8);
    assertThat(send.getMaxConcurrentActivityTaskPollers()).isEqualTo(6);
    assertThat(send.getMaxConcurrentActivityExecutionSize()).isEqualTo(400);
  }

  @Test
  void givenNoOperationsPoller_whenBound_itShouldBeRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new WorkerTuning.Settings(10_000, true, 8, 8, 400, 200, 400, 0))
        .hasMessageContaining("iris.temporal.worker.operations-pollers");
  }
}
