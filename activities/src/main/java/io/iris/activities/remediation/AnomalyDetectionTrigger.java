package io.iris.activities.remediation;

import io.iris.workflows.remediation.AnomalyDetectionWorkflow;
import io.iris.workflows.routing.FailoverTrigger;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs the anomaly detection at once after a breaker, outage or score failover, so the outage is an
 * anomaly (and its incident opens) within seconds rather than at the next minute: triggers the
 * Schedule {@code anomaly-detection} (overlap SKIP: a run under way is not doubled). Debounced per
 * process ({@code IRIS_ANOMALY_TRIGGER_DEBOUNCE}); off with {@code
 * IRIS_ANOMALY_TRIGGER_ON_FAILOVER=false} or detection off; a no-op on the in-process test server,
 * which has no Schedules. A failure to trigger is logged, never thrown: the failover has happened
 * and the next scheduled run sees it.
 */
@Component
public class AnomalyDetectionTrigger {

  private static final Logger log = LoggerFactory.getLogger(AnomalyDetectionTrigger.class);

  static final Set<FailoverTrigger> TRIGGERS =
      Set.of(FailoverTrigger.BREAKER, FailoverTrigger.OUTAGE, FailoverTrigger.SCORE);

  private final Runnable fire;
  private final AnomalySettings settings;
  private final boolean embedded;
  private final Clock clock;
  private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

  @Autowired
  public AnomalyDetectionTrigger(
      WorkflowClient client,
      AnomalySettings settings,
      @Value("${iris.temporal.embedded:false}") boolean embedded,
      Clock clock) {
    this(() -> triggerSchedule(client), settings, embedded, clock);
  }

  /** With {@code fire} standing for the Schedule's trigger (tests). */
  AnomalyDetectionTrigger(Runnable fire, AnomalySettings settings, boolean embedded, Clock clock) {
    this.fire = fire;
    this.settings = settings;
    this.embedded = embedded;
    this.clock = clock;
  }

  /**
   * Triggers the detection for a failover by {@code trigger}.
   *
   * @return whether the Schedule was triggered
   */
  public boolean afterFailover(FailoverTrigger trigger) {
    if (!TRIGGERS.contains(trigger)
        || !settings.enabled()
        || !settings.triggerOnFailover()
        || embedded) {
      return false;
    }
    Instant now = clock.instant();
    Instant previous = last.get();
    if (now.isBefore(previous.plus(settings.triggerDebounce()))
        || !last.compareAndSet(previous, now)) {
      return false;
    }
    try {
      fire.run();
      log.info("anomaly detection triggered after a {} failover", trigger.wireName());
      return true;
    } catch (RuntimeException e) {
      log.warn("anomaly detection not triggered after a failover: {}", e.getMessage());
      return false;
    }
  }

  private static void triggerSchedule(WorkflowClient client) {
    ScheduleClient.newInstance(
            client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .build())
        .getHandle(AnomalyDetectionWorkflow.SCHEDULE_ID)
        .trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
  }
}
