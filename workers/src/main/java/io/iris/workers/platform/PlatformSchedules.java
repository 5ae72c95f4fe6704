package io.iris.workers.platform;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.capacity.CapacitySettings;
import io.iris.activities.cost.CostOptimizationSettings;
import io.iris.activities.cost.CostSettings;
import io.iris.activities.remediation.AnomalySettings;
import io.iris.activities.routing.HealthSettings;
import io.iris.activities.send.SendSettings;
import io.iris.workflows.capacity.CapacityForecastStart;
import io.iris.workflows.capacity.CapacityForecastWorkflow;
import io.iris.workflows.cost.BudgetCheckStart;
import io.iris.workflows.cost.BudgetCheckWorkflow;
import io.iris.workflows.cost.CostOptimizationStart;
import io.iris.workflows.cost.CostOptimizationWorkflow;
import io.iris.workflows.remediation.AnomalyDetectionStart;
import io.iris.workflows.remediation.AnomalyDetectionWorkflow;
import io.iris.workflows.routing.HealthEvaluationStart;
import io.iris.workflows.routing.HealthEvaluationWorkflow;
import io.iris.workflows.send.SendReconciliationStart;
import io.iris.workflows.send.SendReconciliationWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Temporal Schedules of the platform's periodic work, created at start-up — or updated to the
 * configured interval when they exist, so starting twice (or many workers at once) is harmless.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformSchedules {

  private static final Logger log = LoggerFactory.getLogger(PlatformSchedules.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  @Bean
  ApplicationRunner createSchedules(
      WorkflowServiceStubs stubs,
      TemporalSettings temporal,
      SendSettings send,
      HealthSettings health,
      AnomalySettings anomaly,
      CostSettings cost,
      CostOptimizationSettings optimization,
      CapacitySettings capacity) {
    return args -> {
      if (temporal.embedded() || !temporal.workersEnabled()) {
        return; // the in-process server has no Schedules; api-only processes leave them alone
      }
      ScheduleClient schedules =
          ScheduleClient.newInstance(
              stubs, ScheduleClientOptions.newBuilder().setNamespace(temporal.namespace()).build());
      Runnable upsertAll =
          () -> {
            upsert(
                schedules,
                SendReconciliationWorkflow.SCHEDULE_ID,
                schedule(
                    SendReconciliationWorkflow.class,
                    SendReconciliationStart.options(),
                    send.reconcileInterval()));
            upsert(
                schedules,
                HealthEvaluationWorkflow.SCHEDULE_ID,
                schedule(
                    HealthEvaluationWorkflow.class,
                    HealthEvaluationStart.options(),
                    health.evaluationInterval()));
            upsertAnomalyDetection(schedules, anomaly);
            upsertCostCycles(schedules, cost, optimization, capacity);
          };
      upsertWhenTemporalAnswers(upsertAll, temporal);
    };
  }

  /**
   * Upserts the Schedules, retrying while Temporal does not answer (a frontend still starting, or
   * too busy to answer within the call's deadline): for {@code IRIS_TEMPORAL_REGISTRATION_TIMEOUT}
   * at start-up, then in the background until it does, so a slow engine neither stops the worker
   * from starting nor leaves the periodic work unscheduled. Every upsert is idempotent.
   */
  static void upsertWhenTemporalAnswers(Runnable upsertAll, TemporalSettings temporal)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(temporal.registrationTimeout());
    Duration pause = Duration.ofMillis(500);
    while (true) {
      try {
        upsertAll.run();
        return;
      } catch (RuntimeException e) {
        if (!temporalBusy(e)) {
          throw e; // a refusal (a bad interval, no permission): start-up fails and says why
        }
        if (Instant.now().isAfter(deadline)) {
          log.warn(
              "Temporal at {} did not answer the Schedules' upserts within {} ({}); retrying in"
                  + " the background",
              temporal.target(),
              temporal.registrationTimeout(),
              e.getMessage());
          Thread.ofVirtual()
              .name("schedule-upsert")
              .start(() -> retryInBackground(upsertAll, temporal));
          return;
        }
        Thread.sleep(pause);
      }
    }
  }

  private static void retryInBackground(Runnable upsertAll, TemporalSettings temporal) {
    Duration pause = Duration.ofSeconds(1);
    while (true) {
      try {
        Thread.sleep(pause);
        upsertAll.run();
        log.info("Temporal at {} answered: Schedules upserted", temporal.target());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!temporalBusy(e)) {
          log.error("Temporal refused the Schedules' upsert: {}", e.getMessage(), e);
          return;
        }
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        log.debug("Schedules' upsert failed again ({}); next try in {}", e.getMessage(), pause);
      }
    }
  }

  /** Whether the failure is Temporal not answering (yet), as opposed to refusing the request. */
  static boolean temporalBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        Status.Code code = status.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE
            || code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.RESOURCE_EXHAUSTED;
      }
    }
    return false;
  }

  /**
   * Creates or updates the cost cycles' Schedules: {@code budget-check} (every {@code
   * IRIS_COST_BUDGET_CHECK_INTERVAL}) and {@code capacity-forecast} (every {@code
   * IRIS_CAPACITY_FORECAST_INTERVAL}) and {@code cost-optimization} (every {@code
   * IRIS_COST_OPTIMIZATION_INTERVAL}).
   */
  public static void upsertCostCycles(
      ScheduleClient schedules,
      CostSettings cost,
      CostOptimizationSettings optimization,
      CapacitySettings capacity) {
    upsert(
        schedules,
        BudgetCheckWorkflow.SCHEDULE_ID,
        schedule(
            BudgetCheckWorkflow.class, BudgetCheckStart.options(), cost.budgetCheckInterval()));
    upsert(
        schedules,
        CapacityForecastWorkflow.SCHEDULE_ID,
        schedule(
            CapacityForecastWorkflow.class,
            CapacityForecastStart.options(),
            capacity.forecastInterval()));
    upsert(
        schedules,
        CostOptimizationWorkflow.SCHEDULE_ID,
        schedule(
            CostOptimizationWorkflow.class,
            CostOptimizationStart.options(),
            optimization.interval()));
  }

  /**
   * Creates or updates the Schedule {@code anomaly-detection} (every {@code
   * IRIS_ANOMALY_DETECTION_INTERVAL}); leaves it alone while detection is off.
   *
   * @return whether it was upserted
   */
  public static boolean upsertAnomalyDetection(ScheduleClient schedules, AnomalySettings anomaly) {
    if (!anomaly.enabled()) {
      log.info("anomaly detection is off (IRIS_ANOMALY_ENABLED=false): no Schedule upserted");
      return false;
    }
    upsert(
        schedules,
        AnomalyDetectionWorkflow.SCHEDULE_ID,
        schedule(
            AnomalyDetectionWorkflow.class,
            AnomalyDetectionStart.options(),
            anomaly.detectionInterval()));
    return true;
  }

  static Schedule schedule(Class<?> workflow, WorkflowOptions start, Duration every) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(workflow)
                .setOptions(start)
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(every)
                .build())
        .build();
  }

  static void upsert(ScheduleClient schedules, String id, Schedule schedule) {
    try {
      schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
      log.info("Temporal Schedule {} created", id);
    } catch (ScheduleAlreadyRunningException exists) {
      schedules.getHandle(id).update(input -> new ScheduleUpdate(schedule));
      log.info("Temporal Schedule {} updated", id);
    }
  }
}
