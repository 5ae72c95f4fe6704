package io.iris.workflows.capacity;

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

/** One capacity forecast against fake activities: forecast at the run's time, send the alerts. */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CapacityForecastWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  static final class Fake implements CapacityActivities {
    final List<CapacityAlert> alerts;
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile long askedAt;
    final boolean slackDown;

    Fake(List<CapacityAlert> alerts, boolean slackDown) {
      this.alerts = alerts;
      this.slackDown = slackDown;
    }

    @Override
    public List<CapacityAlert> forecastCapacity(long atMillis) {
      askedAt = atMillis;
      calls.add("forecast");
      return alerts;
    }

    @Override
    public void sendCapacityAlert(CapacityAlert alert) {
      calls.add("send " + alert.constraint());
      if (slackDown) {
        throw ApplicationFailure.newNonRetryableFailure("slack answered 500", "SLACK");
      }
    }
  }

  private int run(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Fake fake, String id) {
    worker.registerActivitiesImplementations(fake);
    env.start();
    return client
        .newWorkflowStub(
            CapacityForecastWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .forecast();
  }

  @Test
  void givenAConstraintNear_whenForecast_itShouldSendItsAlert(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(
            List.of(new CapacityAlert("messages_per_day", "2026-03-10", "critical", "in 5 days")),
            false);
    long before = env.currentTimeMillis();

    assertThat(run(env, client, worker, fake, "capacity-forecast-test-1")).isEqualTo(1);
    assertThat(fake.calls).containsExactly("forecast", "send messages_per_day");
    assertThat(fake.askedAt).isBetween(before, env.currentTimeMillis());
    Histories.record(client, "capacity-forecast-test-1", "capacity-forecast-alerted");
  }

  @Test
  void givenSlackDown_theForecastShouldStillEndWell(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(List.of(new CapacityAlert("cost_per_day", "2026-03-10", "warning", "x")), true);

    assertThat(run(env, client, worker, fake, "capacity-forecast-test-2")).isZero();
    assertThat(fake.calls).containsExactly("forecast", "send cost_per_day");
  }
}
