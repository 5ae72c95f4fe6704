package io.iris.api.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.capacity.CapacitySettings;
import io.iris.activities.cost.CostOptimizationSettings;
import io.iris.activities.cost.CostSettings;
import io.iris.api.support.RealTemporal;
import io.iris.workers.platform.PlatformSchedules;
import io.iris.workflows.capacity.CapacityForecastWorkflow;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.cost.BudgetCheckWorkflow;
import io.iris.workflows.cost.CostOptimizationWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cost cycles' Temporal Schedules on the real dev server: each start-up upserts them, so after
 * several (a restart, two workers at once) there is still one of each, with the interval the last
 * start-up configured, overlap SKIP and a catch-up window.
 */
class CostSchedulesIT {

  static CostSettings cost(Duration budgetCheck) {
    return new CostSettings(
        Duration.ofHours(3),
        5,
        BigDecimal.ZERO,
        List.of(75, 90, 100),
        budgetCheck,
        Duration.ofSeconds(5));
  }

  static CostOptimizationSettings optimization(Duration every) {
    return CostOptimizationSettings.defaults().withInterval(every);
  }

  static CapacitySettings capacity(Duration every) {
    return new CapacitySettings(every, 30, 90, 1_000_000, 80, 90, 30, 7, 1.96);
  }

  private static long listed(ScheduleClient schedules, String id) {
    return schedules.listSchedules().filter(s -> s.getScheduleId().equals(id)).count();
  }

  @Test
  void givenRepeatedStartUps_eachCycleShouldHaveOneScheduleAtTheLastInterval() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(RealTemporal.target()).build());
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            stubs, ScheduleClientOptions.newBuilder().setNamespace("default").build());
    try {
      for (String id :
          List.of(
              BudgetCheckWorkflow.SCHEDULE_ID,
              CapacityForecastWorkflow.SCHEDULE_ID,
              CostOptimizationWorkflow.SCHEDULE_ID)) {
        if (listed(schedules, id) > 0) {
          schedules.getHandle(id).delete();
        }
      }
      PlatformSchedules.upsertCostCycles(
          schedules,
          cost(Duration.ofMinutes(1)),
          optimization(Duration.ofHours(1)),
          capacity(Duration.ofDays(1)));
      PlatformSchedules.upsertCostCycles(
          schedules,
          cost(Duration.ofMinutes(1)),
          optimization(Duration.ofHours(1)),
          capacity(Duration.ofDays(1)));
      PlatformSchedules.upsertCostCycles(
          schedules,
          cost(Duration.ofMinutes(2)),
          optimization(Duration.ofMinutes(30)),
          capacity(Duration.ofHours(12)));

      for (var expected :
          List.of(
              new Object[] {
                BudgetCheckWorkflow.SCHEDULE_ID, "BudgetCheckWorkflow", Duration.ofMinutes(2)
              },
              new Object[] {
                CapacityForecastWorkflow.SCHEDULE_ID,
                "CapacityForecastWorkflow",
                Duration.ofHours(12)
              },
              new Object[] {
                CostOptimizationWorkflow.SCHEDULE_ID,
                "CostOptimizationWorkflow",
                Duration.ofMinutes(30)
              })) {
        String id = (String) expected[0];
        assertThat(listed(schedules, id)).as(id).isEqualTo(1);
        ScheduleDescription d = schedules.getHandle(id).describe();
        assertThat(d.getSchedule().getSpec().getIntervals().get(0).getEvery())
            .isEqualTo(expected[2]);
        assertThat(d.getSchedule().getPolicy().getOverlap())
            .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
        assertThat(d.getSchedule().getPolicy().getCatchupWindow()).isEqualTo(expected[2]);
        ScheduleActionStartWorkflow action =
            (ScheduleActionStartWorkflow) d.getSchedule().getAction();
        assertThat(action.getWorkflowType()).isEqualTo(expected[1]);
        assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.OPERATIONS);
      }
    } finally {
      for (String id :
          List.of(
              BudgetCheckWorkflow.SCHEDULE_ID,
              CapacityForecastWorkflow.SCHEDULE_ID,
              CostOptimizationWorkflow.SCHEDULE_ID)) {
        if (listed(schedules, id) > 0) {
          schedules.getHandle(id).delete();
        }
      }
      stubs.shutdown();
    }
  }
}
