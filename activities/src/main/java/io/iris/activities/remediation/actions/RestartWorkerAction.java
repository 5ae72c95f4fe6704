package io.iris.activities.remediation.actions;

import io.iris.activities.remediation.PlatformControls;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code restart_worker}: bumps the platform control {@code worker.restart.{queue}}; on each new
 * value every process suspends its polling of that queue for {@code IRIS_REMEDIATION_RESTART_PAUSE}
 * and resumes it (the workers' {@code WorkerControls}). It restarts polling, not the JVM. No undo.
 */
@Component
public class RestartWorkerAction implements ActionRunner {

  private final PlatformControls controls;

  public RestartWorkerAction(PlatformControls controls) {
    this.controls = controls;
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
    long generation =
        controls.bump(
            PlatformControls.restart(queue),
            "remediation " + command.remediationId(),
            ActionRunner.source(command));
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        "polling of " + queue + " restarted in every process (restart " + generation + ")",
        Map.of());
  }
}
