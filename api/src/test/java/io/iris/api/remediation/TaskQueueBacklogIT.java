package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.remediation.TaskQueueBacklog;
import io.iris.api.support.RealTemporal;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.EncodedValues;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.DynamicWorkflow;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The task-queue backlog as the anomaly detection reads it ({@code DescribeTaskQueue} with report
 * stats) on the real dev server: with polling suspended the oldest waiting task's age grows; once
 * polling resumes the backlog drains and the age falls back. The pollers' last poll tells a stall
 * (tasks wait, nobody polls) from a queue being worked.
 */
class TaskQueueBacklogIT {

  /** Answers any workflow type at once. */
  public static class Done implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      return "done";
    }
  }

  @Test
  void givenSuspendedPolling_whenTasksWait_itShouldReportAGrowingAgeThatFallsOnceResumed() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(RealTemporal.target()).build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      TaskQueueBacklog backlog = new TaskQueueBacklog(client);
      String queue = "backlog-it-" + UUID.randomUUID();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Worker worker =
          factory.newWorker(
              queue, WorkerOptions.newBuilder().setMaxConcurrentWorkflowTaskPollers(2).build());
      worker.registerWorkflowImplementationTypes(Done.class);
      factory.start();
      worker.suspendPolling();

      for (int i = 0; i < 6; i++) {
        client
            .newUntypedWorkflowStub(
                "BacklogProbe",
                WorkflowOptions.newBuilder()
                    .setTaskQueue(queue)
                    .setWorkflowId(queue + "-" + i)
                    .build())
            .start();
      }

      AtomicLong seen = new AtomicLong();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                QueueBacklog b = backlog.describe(queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
                assertThat(b.known()).as("the dev server reports statistics").isTrue();
                assertThat(b.count()).isPositive();
                assertThat(b.ageMillis()).isGreaterThan(3_000);
                seen.set(b.ageMillis());
              });
      assertThat(backlog.describe(queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).ageMillis())
          .as("it keeps growing while nobody polls")
          .isGreaterThanOrEqualTo(seen.get());
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                TaskQueueBacklog.Polling p = backlog.polling(queue).get(0);
                assertThat(p.kind()).isEqualTo("workflow");
                assertThat(p.stalled(Duration.ofSeconds(3)))
                    .as("tasks wait and nobody polls: %s", p.describe())
                    .isTrue();
              });

      worker.resumePolling();
      long resumedAt = System.nanoTime();

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                QueueBacklog b = backlog.describe(queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
                assertThat(b.count()).isZero();
                assertThat(b.ageMillis()).isLessThan(seen.get());
                TaskQueueBacklog.Polling p = backlog.polling(queue).get(0);
                assertThat(p.pollers()).isPositive();
                // A poll is recorded when it starts; an idle long poll leaves the time as it was,
                // so the bound is the time since polling resumed, not a fixed few seconds.
                long sinceResume = Duration.ofNanos(System.nanoTime() - resumedAt).toMillis();
                assertThat(p.sinceLastPollMillis())
                    .as("polled since it resumed %d ms ago: %s", sinceResume, p.describe())
                    .isBetween(0L, sinceResume + 1_000L);
                assertThat(p.stalled(Duration.ofSeconds(3))).isFalse();
              });
      factory.shutdownNow();
    } finally {
      stubs.shutdownNow();
    }
  }
}
