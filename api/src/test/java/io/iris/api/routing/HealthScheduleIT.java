package io.iris.api.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.RealTemporalTestBase;
import io.iris.workflows.routing.HealthEvaluationWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;

/**
 * The health evaluation's Temporal Schedule on the real dev server: made at start-up with the
 * configured interval and overlap SKIP, left single by further start-ups, and brought back to the
 * configured interval when it differs.
 */
class HealthScheduleIT extends RealTemporalTestBase {

  @Autowired WorkflowServiceStubs stubs;

  @Autowired
  @Qualifier("createSchedules")
  ApplicationRunner createSchedules;

  @Value("${iris.temporal.namespace}")
  String namespace;

  @Value("${iris.health.evaluation-interval}")
  Duration interval;

  private ScheduleClient schedules() {
    return ScheduleClient.newInstance(
        stubs, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
  }

  private static Duration every(ScheduleDescription d) {
    return d.getSchedule().getSpec().getIntervals().get(0).getEvery();
  }

  private long listed() {
    return schedules()
        .listSchedules()
        .filter(s -> s.getScheduleId().equals(HealthEvaluationWorkflow.SCHEDULE_ID))
        .count();
  }

  @Test
  void givenStartUp_whenTheScheduleIsRead_itShouldRunEveryConfiguredIntervalSkippingOverlaps()
      throws Exception {
    ScheduleDescription d = schedules().getHandle(HealthEvaluationWorkflow.SCHEDULE_ID).describe();

    assertThat(every(d)).isEqualTo(interval);
    assertThat(d.getSchedule().getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(listed()).isEqualTo(1);

    // Two more start-ups: no error, still one schedule.
    createSchedules.run(new DefaultApplicationArguments());
    createSchedules.run(new DefaultApplicationArguments());
    assertThat(listed()).isEqualTo(1);

    // A schedule left with another interval (an earlier setting) gets the configured one back.
    schedules()
        .getHandle(HealthEvaluationWorkflow.SCHEDULE_ID)
        .update(
            input -> {
              var changed =
                  io.temporal.client.schedules.Schedule.newBuilder(
                          input.getDescription().getSchedule())
                      .setSpec(
                          ScheduleSpec.newBuilder()
                              .setIntervals(
                                  List.of(new ScheduleIntervalSpec(Duration.ofMinutes(7))))
                              .build())
                      .build();
              return new ScheduleUpdate(changed);
            });
    assertThat(every(schedules().getHandle(HealthEvaluationWorkflow.SCHEDULE_ID).describe()))
        .isEqualTo(Duration.ofMinutes(7));

    createSchedules.run(new DefaultApplicationArguments());

    assertThat(every(schedules().getHandle(HealthEvaluationWorkflow.SCHEDULE_ID).describe()))
        .isEqualTo(interval);
    assertThat(listed()).isEqualTo(1);
  }
}
