package io.iris.activities.remediation.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.remediation.TaskQueueBacklog;
import io.iris.activities.remediation.TaskQueueBacklog.Polling;
import io.iris.activities.support.IsolatedSchema;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * restart_worker restarts polling only where it has stalled: tasks waiting and nobody polling for
 * the step's {@code whenIdleFor}; a backlog being worked through is not_applicable, and the restart
 * control is left as it was.
 */
class RestartWorkerActionTest {

  static IsolatedSchema schema;
  PlatformControls controls;

  /** The server's answer, set by each test. */
  static final class Seen extends TaskQueueBacklog {
    List<Polling> polling = List.of();

    Seen() {
      super(null, Clock.systemUTC());
    }

    @Override
    public List<Polling> polling(String taskQueue) {
      return polling;
    }
  }

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("restart_worker_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void setUp() {
    schema.db().execute("DELETE FROM platform_controls");
    controls = new PlatformControls(schema.db(), RemediationSettings.defaults(), Clock.systemUTC());
  }

  static StepCommand command(Map<String, String> params) {
    return new StepCommand(
        "remediation-" + UUID.randomUUID() + "-queue-backlog-restart",
        "",
        "queue-backlog-restart",
        "step",
        0,
        new RunbookStep(RemediationAction.RESTART_WORKER, params, 0),
        new AnomalyRef(
            UUID.randomUUID().toString(),
            AnomalyType.TASK_QUEUE_BACKLOG,
            Severity.HIGH,
            "task_queue_backlog:iris-send",
            "",
            "",
            "",
            "iris-send",
            30_000,
            60_000,
            100,
            "ms",
            "",
            0),
        null,
        null);
  }

  RestartWorkerAction action(Seen seen) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("backlog", seen);
    return new RestartWorkerAction(controls, beans.getBeanProvider(TaskQueueBacklog.class));
  }

  long restarts() {
    return controls.longValue(PlatformControls.restart("iris-send"), 0);
  }

  @Test
  void givenTasksWaitingAndNoPollFor15s_whenApplied_itShouldRestart() {
    Seen seen = new Seen();
    seen.polling =
        List.of(
            new Polling("iris-send", "workflow", true, 2, 15_000, 58_000),
            new Polling("iris-send", "activity", true, 2, 200, 0));

    StepResult r = action(seen).apply(command(Map.of()));

    assertThat(r.outcome()).isEqualTo(StepOutcome.APPLIED);
    assertThat(r.detail()).contains("restarted").contains("last poll 15.0 s ago");
    controls.refresh();
    assertThat(restarts()).isEqualTo(1);
  }

  @Test
  void givenABacklogWhosePollersArePolling_whenApplied_itShouldBeNotApplicableAndRestartNothing() {
    Seen seen = new Seen();
    seen.polling =
        List.of(
            new Polling("iris-send", "workflow", true, 2, 14_999, 94_000),
            new Polling("iris-send", "activity", true, 2, 100, 0));

    StepResult r = action(seen).apply(command(Map.of()));

    assertThat(r.outcome()).isEqualTo(StepOutcome.NOT_APPLICABLE);
    assertThat(r.outcome().proceeds()).isFalse();
    assertThat(r.detail()).contains("are polling").contains("a restart would not help");
    controls.refresh();
    assertThat(restarts()).isZero();
  }

  @Test
  void givenAShorterWhenIdleFor_whenTheLastPollIsThatOld_itShouldRestart() {
    Seen seen = new Seen();
    seen.polling = List.of(new Polling("iris-send", "workflow", true, 1, 5_000, 5_000));

    assertThat(action(seen).apply(command(Map.of())).outcome())
        .isEqualTo(StepOutcome.NOT_APPLICABLE);
    assertThat(
            action(seen)
                .apply(command(Map.of(RestartWorkerAction.WHEN_IDLE_FOR, "PT5S")))
                .outcome())
        .isEqualTo(StepOutcome.APPLIED);
  }

  @Test
  void givenNoPollerListedAndTasksWaiting_whenApplied_itShouldRestart() {
    Seen seen = new Seen();
    seen.polling = List.of(new Polling("iris-send", "workflow", true, 0, -1, 20_000));

    assertThat(action(seen).apply(command(Map.of())).outcome()).isEqualTo(StepOutcome.APPLIED);
  }

  @Test
  void givenAServerWithoutStatistics_whenApplied_itShouldRestartAsItCannotTell() {
    Seen seen = new Seen();
    seen.polling = List.of(new Polling("iris-send", "workflow", false, 0, -1, 0));

    assertThat(action(seen).apply(command(Map.of())).outcome()).isEqualTo(StepOutcome.APPLIED);
  }

  @Test
  void givenTheStallBoundary_whenJudged_itShouldNeedBothTheWaitAndTheIdlePollers() {
    Duration idle = Duration.ofSeconds(15);
    assertThat(new Polling("q", "workflow", true, 1, 15_000, 15_000).stalled(idle)).isTrue();
    assertThat(new Polling("q", "workflow", true, 1, 15_000, 14_999).stalled(idle))
        .as("tasks have not waited long enough")
        .isFalse();
    assertThat(new Polling("q", "workflow", true, 1, 14_999, 60_000).stalled(idle))
        .as("a poller polled within the window")
        .isFalse();
    assertThat(new Polling("q", "workflow", false, 0, -1, 60_000).stalled(idle)).isFalse();
  }
}
