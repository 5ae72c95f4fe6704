package io.iris.workflows.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One budget check against fake activities: it sends what is pending, and keeps what fails. */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BudgetCheckWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  static BudgetAlert alert(int threshold) {
    return new BudgetAlert(
        "tenant:t1",
        "month",
        "2026-03-01",
        threshold,
        "t1",
        "80.000000",
        "100.000000",
        "Tenant t1 has spent $80.00 of its monthly budget of $100.00 (80.0%, threshold "
            + threshold
            + "%)");
  }

  static final class Fake implements BudgetActivities {
    final List<BudgetAlert> pending;
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long askedAt;
    final int failing;

    Fake(List<BudgetAlert> pending, int failing) {
      this.pending = pending;
      this.failing = failing;
    }

    @Override
    public List<BudgetAlert> findAlerts(long atMillis) {
      askedAt = atMillis;
      calls.add("find");
      return pending;
    }

    @Override
    public void sendAlert(BudgetAlert alert) {
      calls.add("send " + alert.thresholdPercent());
      if (alert.thresholdPercent() == failing) {
        throw ApplicationFailure.newNonRetryableFailure("slack answered 500", "SLACK");
      }
    }
  }

  private int run(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Fake fake, String id) {
    worker.registerActivitiesImplementations(fake);
    env.start();
    BudgetCheckWorkflow wf =
        client.newWorkflowStub(
            BudgetCheckWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return wf.check();
  }

  @Test
  void givenPendingAlerts_whenChecked_itShouldSendEachAtTheRunsTime(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(alert(75), alert(90)), -1);
    long before = env.currentTimeMillis();

    int sent = run(env, client, worker, fake, "budget-check-test-1");

    assertThat(sent).isEqualTo(2);
    assertThat(fake.calls).containsExactly("find", "send 75", "send 90");
    assertThat(fake.askedAt).isBetween(before, env.currentTimeMillis());
    Histories.record(client, "budget-check-test-1", "budget-check-sent");
  }

  @Test
  void givenAnAlertThatCannotBeSent_itShouldSendTheOthersAndEndWell(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(alert(75), alert(90), alert(100)), 90);

    int sent = run(env, client, worker, fake, "budget-check-test-2");

    assertThat(sent).isEqualTo(2);
    assertThat(fake.calls).containsExactly("find", "send 75", "send 90", "send 100");
  }

  @Test
  void givenNothingPending_itShouldOnlyLook(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(), -1);

    assertThat(run(env, client, worker, fake, "budget-check-test-3")).isZero();
    assertThat(fake.calls).containsExactly("find");
  }
}
