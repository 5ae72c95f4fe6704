package io.iris.activities.remediation.actions;

import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.TaskQueueBacklog;
import io.iris.activities.remediation.TaskQueueBacklog.Polling;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code restart_worker}: bumps the platform control {@code worker.restart.{queue}}; on each new
 * value every process suspends its polling of that queue for {@code IRIS_REMEDIATION_RESTART_PAUSE}
 * and resumes it (the workers' {@code WorkerControls}). It restarts polling, not the JVM. No undo.
 *
 * <p>Only a stall is fixed by that: the action first asks the server who polls the queue ({@link
 * TaskQueueBacklog#polling}) and restarts only when, for a task type, tasks have waited the step's
 * {@code whenIdleFor} (default {@value #DEFAULT_WHEN_IDLE_FOR_SECONDS} s) and nobody has polled for
 * as long. A backlog the pollers are working through (a burst, too little CPU) is {@code
 * not_applicable}: a pause would only slow them down, and the next runbook is tried. Where the
 * server gives no statistics the restart is done, as it cannot tell.
 */
@Component
public class RestartWorkerAction implements ActionRunner {

  /** The step parameter: how long tasks wait, unpolled, before a restart helps. */
  public static final String WHEN_IDLE_FOR = "whenIdleFor";

  static final long DEFAULT_WHEN_IDLE_FOR_SECONDS = 15;

  private final PlatformControls controls;
  private final ObjectProvider<TaskQueueBacklog> backlogs;

  public RestartWorkerAction(PlatformControls controls, ObjectProvider<TaskQueueBacklog> backlogs) {
    this.controls = controls;
    this.backlogs = backlogs;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.RESTART_WORKER;
  }

  @Override
  public StepResult apply(StepCommand command) {
    String queue = command.target().taskQueue();
    if (queue.isBlank()) {
      return ActionRunner.result(
          command, StepOutcome.FAILED, "the anomaly names no task queue", Map.of());
    }
    Duration idleFor = idleFor(command);
    TaskQueueBacklog backlog = backlogs.getIfAvailable();
    String seen = "";
    if (backlog != null) {
      List<Polling> polling = backlog.polling(queue);
      boolean known = polling.stream().anyMatch(Polling::known);
      seen = polling.stream().map(Polling::describe).collect(Collectors.joining("; "));
      if (known && polling.stream().noneMatch(p -> p.stalled(idleFor))) {
        return ActionRunner.result(
            command,
            StepOutcome.NOT_APPLICABLE,
            "the pollers of "
                + queue
                + " are polling ("
                + seen
                + "): nothing has stalled for "
                + idleFor.toSeconds()
                + " s, so a restart would not help",
            Map.of());
      }
    }
    long generation =
        controls.bump(
            PlatformControls.restart(queue),
            "remediation " + command.remediationId(),
            ActionRunner.source(command));
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        "polling of "
            + queue
            + " restarted in every process (restart "
            + generation
            + ")"
            + (seen.isEmpty() ? "" : "; before it: " + seen),
        Map.of());
  }

  static Duration idleFor(StepCommand command) {
    String value = command.step().params().get(WHEN_IDLE_FOR);
    return value == null
        ? Duration.ofSeconds(DEFAULT_WHEN_IDLE_FOR_SECONDS)
        : Duration.parse(value);
  }
}
