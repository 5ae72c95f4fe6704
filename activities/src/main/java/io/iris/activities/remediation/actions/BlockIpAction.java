package io.iris.activities.remediation.actions;

import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.remediation.RunbookLoader;
import io.iris.activities.remediation.TenantThrottles;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code block_ip}: a {@code blocked_ips} row for {@code IRIS_REMEDIATION_BLOCK_DURATION}, never
 * for an address of {@code IRIS_REMEDIATION_NEVER_BLOCK}. The undo removes only this run's row.
 */
@Component
public class BlockIpAction implements ActionRunner {

  private final TenantThrottles blocks;
  private final RemediationSettings settings;
  private final Clock clock;

  public BlockIpAction(TenantThrottles blocks, RemediationSettings settings, Clock clock) {
    this.blocks = blocks;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.BLOCK_IP;
  }

  @Override
  public StepResult apply(StepCommand command) {
    Optional<String> ip = RunbookLoader.ipLiteral(command.step().params().getOrDefault("ip", ""));
    if (ip.isEmpty()) {
      return ActionRunner.result(command, StepOutcome.FAILED, "no address to block", Map.of());
    }
    boolean protectedAddress =
        settings.neverBlock().stream()
            .map(RunbookLoader::ipLiteral)
            .flatMap(Optional::stream)
            .anyMatch(ip.get()::equals);
    if (protectedAddress) {
      return ActionRunner.result(
          command,
          StepOutcome.FAILED,
          ip.get() + " is on the never-block list (IRIS_REMEDIATION_NEVER_BLOCK)",
          Map.of());
    }
    Instant until = clock.instant().plus(settings.blockDuration());
    blocks.block(
        ip.get(),
        "remediation " + command.remediationId() + ": " + command.target().kind(),
        ActionRunner.source(command),
        until);
    return ActionRunner.result(
        command, StepOutcome.APPLIED, ip.get() + " blocked until " + until, Map.of("ip", ip.get()));
  }

  @Override
  public StepResult undo(StepCommand command) {
    String ip = command.undoOf() == null ? null : command.undoOf().undo().get("ip");
    if (ip == null) {
      return ActionRunner.result(
          command, StepOutcome.NOTHING_TO_UNDO, "this step blocked nothing", Map.of());
    }
    boolean removed = blocks.unblock(ip, ActionRunner.source(command));
    return ActionRunner.result(
        command,
        removed ? StepOutcome.ROLLED_BACK : StepOutcome.NOTHING_TO_UNDO,
        removed ? ip + " unblocked" : ip + " holds no block of this remediation",
        Map.of());
  }
}
