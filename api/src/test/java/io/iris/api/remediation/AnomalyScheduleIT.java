package io.iris.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.remediation.AnomalySettings;
import io.iris.api.support.RealTemporal;
import io.iris.workers.platform.PlatformSchedules;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.remediation.AnomalyDetectionWorkflow;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The anomaly detection's Temporal Schedule on the real dev server: created with the configured
 * interval and overlap SKIP, still one after more upserts (and brought to a changed interval),
 * never made while detection is off, and {@code trigger} runs it at once.
 */
class AnomalyScheduleIT {

  static AnomalySettings settings(boolean enabled, Duration every) {
    return settings(enabled, every, Duration.ofDays(7));
  }

  static AnomalySettings settings(boolean enabled, Duration every, Duration baselineWindow) {
    return new AnomalySettings(
        enabled,
        every,
        Duration.ofMinutes(5),
        baselineWindow,
        24,
        20,
        20,
        new BigDecimal("95"),
        new BigDecimal("98"),
        new BigDecimal("3"),
        Map.of(),
        Duration.ofMinutes(15),
        new BigDecimal("1.2"),
        new BigDecimal("0.05"),
        new BigDecimal("2"),
        new BigDecimal("1.0"),
        Duration.ofSeconds(30),
        null,
        Duration.ofMinutes(5),
        new BigDecimal("10"),
        100,
        20,
        2,
        Duration.ofDays(90),
        true,
        Duration.ofSeconds(5));
  }

  private static long listed(ScheduleClient schedules) {
    return schedules
        .listSchedules()
        .filter(s -> s.getScheduleId().equals(AnomalyDetectionWorkflow.SCHEDULE_ID))
        .count();
  }

  @Test
  void
      givenUpserts_whenTheScheduleIsRead_itShouldBeOneEveryIntervalSkippingOverlapsAndTriggerable() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(RealTemporal.target()).build());
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            stubs, ScheduleClientOptions.newBuilder().setNamespace("default").build());
    try {
      if (listed(schedules) > 0) {
        schedules.getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID).delete();
      }
      assertThat(
              PlatformSchedules.upsertAnomalyDetection(
                  schedules, settings(false, Duration.ofMinutes(1))))
          .isFalse();
      assertThat(listed(schedules)).as("detection off: no Schedule").isZero();

      assertThat(
              PlatformSchedules.upsertAnomalyDetection(
                  schedules, settings(true, Duration.ofHours(1))))
          .isTrue();
      PlatformSchedules.upsertAnomalyDetection(schedules, settings(true, Duration.ofHours(1)));
      PlatformSchedules.upsertAnomalyDetection(schedules, settings(true, Duration.ofHours(2)));

      assertThat(listed(schedules)).isEqualTo(1);
      ScheduleDescription d = schedules.getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID).describe();
      assertThat(d.getSchedule().getSpec().getIntervals().get(0).getEvery())
          .isEqualTo(Duration.ofHours(2));
      assertThat(d.getSchedule().getPolicy().getOverlap())
          .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      ScheduleActionStartWorkflow action =
          (ScheduleActionStartWorkflow) d.getSchedule().getAction();
      assertThat(action.getWorkflowType()).isEqualTo("AnomalyDetectionWorkflow");
      assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.OPERATIONS);

      // The trigger the failovers use: a run starts now, not in two hours.
      schedules
          .getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID)
          .trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          schedules
                              .getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID)
                              .describe()
                              .getInfo()
                              .getNumActions())
                      .isEqualTo(1));
      List<?> recent =
          schedules
              .getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID)
              .describe()
              .getInfo()
              .getRecentActions();
      assertThat(recent).hasSize(1);
    } finally {
      if (listed(schedules) > 0) {
        schedules.getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID).delete();
      }
      stubs.shutdownNow();
    }
  }
}
