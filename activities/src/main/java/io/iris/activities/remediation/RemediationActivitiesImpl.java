package io.iris.activities.remediation;

import io.iris.activities.remediation.actions.ActionRunner;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.MetricsMark;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RemediationActivities;
import io.iris.workflows.remediation.RemediationLogEntry;
import io.iris.workflows.remediation.RemediationRecord;
import io.iris.workflows.remediation.ScopeMetrics;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import io.iris.workflows.remediation.VerifyCondition;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The remediation's activities: the metrics, the steps (kill switch, blast radius, the action, its
 * log row) and the rows of the run.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.INCIDENT)
public class RemediationActivitiesImpl implements RemediationActivities {

  private static final Logger log = LoggerFactory.getLogger(RemediationActivitiesImpl.class);

  private final RemediationStore store;
  private final FreshMetrics metrics;
  private final RemediationSwitch remediationSwitch;
  private final RemediationSettings settings;
  private final Map<RemediationAction, ActionRunner> runners =
      new EnumMap<>(RemediationAction.class);
  private final Clock clock;

  public RemediationActivitiesImpl(
      RemediationStore store,
      FreshMetrics metrics,
      RemediationSwitch remediationSwitch,
      RemediationSettings settings,
      List<ActionRunner> runners,
      Clock clock) {
    this.store = store;
    this.metrics = metrics;
    this.remediationSwitch = remediationSwitch;
    this.settings = settings;
    runners.forEach(r -> this.runners.put(r.action(), r));
    this.clock = clock;
  }

  @Override
  public ScopeMetrics measure(AnomalyRef target, VerifyCondition.Scope scope) {
    return metrics.measure(target, scope);
  }

  @Override
  public MetricsMark mark(AnomalyRef target, VerifyCondition.Scope scope) {
    return metrics.mark(target, scope);
  }

  @Override
  public ScopeMetrics measureSince(AnomalyRef target, MetricsMark mark) {
    return metrics.measureSince(target, mark);
  }

  @Override
  public StepResult perform(StepCommand command) {
    RemediationAction action = command.step().action();
    if (!remediationSwitch.enabled()) {
      return store.skip(
          command,
          new StepResult(
              action,
              StepOutcome.SKIPPED_DISABLED,
              "remediation is switched off (kill switch)",
              Map.of()),
          clock.instant());
    }
    ActionRunner runner = runners.get(action);
    if (runner == null) {
      return store.skip(
          command,
          new StepResult(
              action, StepOutcome.FAILED, action.wireName() + " is not run as a step", Map.of()),
          clock.instant());
    }
    Optional<String> missing = runner.missingScope(command.target());
    if (missing.isPresent()) {
      return store.skip(
          command,
          new StepResult(action, StepOutcome.NOT_APPLICABLE, missing.get(), Map.of()),
          clock.instant());
    }
    RemediationStore.Begin begin =
        store.begin(
            command,
            settings.limit(action),
            settings.limitWindow(),
            command.step().maxPerHour(),
            clock.instant());
    return switch (begin) {
      case RemediationStore.Begin.Finished f -> f.result();
      case RemediationStore.Begin.Limited l -> l.result();
      case RemediationStore.Begin.Started s -> run(command, () -> runner.apply(command));
      case RemediationStore.Begin.Resumed r -> run(command, () -> runner.apply(command));
    };
  }

  @Override
  public StepResult undo(StepCommand command) {
    RemediationAction action = command.step().action();
    ActionRunner runner = runners.get(action);
    RemediationStore.Begin begin =
        store.begin(command, Integer.MAX_VALUE, settings.limitWindow(), 0, clock.instant());
    if (begin instanceof RemediationStore.Begin.Finished f) {
      return f.result();
    }
    if (runner == null) {
      StepResult none =
          new StepResult(action, StepOutcome.NOTHING_TO_UNDO, "nothing to undo", Map.of());
      store.finish(command.eventKey(), none, clock.instant());
      return none;
    }
    return run(command, () -> runner.undo(command));
  }

  private StepResult run(StepCommand command, java.util.function.Supplier<StepResult> action) {
    StepResult result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      log.warn(
          "remediation {}: {} {} of {} failed: {}",
          command.remediationId(),
          command.phase(),
          command.index(),
          command.step().action().wireName(),
          e.toString());
      result =
          new StepResult(
              command.step().action(),
              StepOutcome.FAILED,
              e.getMessage() == null ? e.toString() : e.getMessage(),
              Map.of());
    }
    store.finish(command.eventKey(), result, clock.instant());
    log.info(
        "remediation {}: {} {} {} -> {}: {}",
        command.remediationId(),
        command.phase(),
        command.index(),
        command.step().action().wireName(),
        result.outcome().wireName(),
        result.detail());
    return result;
  }

  @Override
  public boolean enabled() {
    return remediationSwitch.enabled();
  }

  @Override
  public void recordRun(RemediationRecord record) {
    store.upsertRun(record, clock.instant());
  }

  @Override
  public void recordLog(RemediationLogEntry entry) {
    store.log(entry, clock.instant());
  }
}
