package io.iris.activities.remediation.actions;

import io.iris.activities.remediation.PlatformControls;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code clear_cache}: bumps the platform control {@code cache.generation}; on each new value every
 * process reloads its in-memory snapshots ({@code CacheGeneration}). No undo.
 */
@Component
public class ClearCacheAction implements ActionRunner {

  private final PlatformControls controls;

  public ClearCacheAction(PlatformControls controls) {
    this.controls = controls;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.CLEAR_CACHE;
  }

  @Override
  public StepResult apply(StepCommand command) {
    long generation =
        controls.bump(
            PlatformControls.CACHE_GENERATION,
            "remediation " + command.remediationId(),
            ActionRunner.source(command));
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        "caches cleared in every process (generation " + generation + ")",
        Map.of());
  }
}
