package io.iris.workflows.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SendReconciliationWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  @Test
  void givenTheDatabaseFailingAtFirst_whenTheReconcilerRuns_itShouldRetryAndReportWhatItFinished(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AtomicInteger calls = new AtomicInteger();
    worker.registerActivitiesImplementations(
        (SendReconciliationActivities)
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("Connection to localhost:5432 refused");
              }
              return 7;
            });
    env.start();
    SendReconciliationWorkflow wf =
        client.newWorkflowStub(
            SendReconciliationWorkflow.class,
            SendReconciliationStart.options().toBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .build());

    assertThat(wf.reconcile()).isEqualTo(7);
    assertThat(calls.get()).isEqualTo(3);
    Histories.record(client, SendReconciliationWorkflow.SCHEDULE_ID, "reconcile-after-retries");
  }
}
