package io.iris.activities.remediation.actions;

import io.iris.activities.routing.ChannelProviders;
import io.iris.activities.routing.FailoverStarter;
import io.iris.activities.routing.ProviderRoutingStore;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import io.iris.workflows.routing.FailoverReevaluationWorkflow;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code failover}: through the routing's one entry into a failover ({@link FailoverStarter},
 * trigger {@code REMEDIATION}). A provider already failed over (by the breaker, a rule or an
 * operator) is {@code already_in_effect} and nothing is asked; the undo restores only a failover
 * this step made, while the routing row still holds its failover id, so a breaker's failover is
 * never undone.
 */
@Component
public class FailoverAction implements ActionRunner {

  private final FailoverStarter starter;
  private final ProviderRoutingStore routing;
  private final ChannelProviders providers;
  private final ObjectProvider<WorkflowClient> temporal;
  private final Clock clock;

  public FailoverAction(
      FailoverStarter starter,
      ProviderRoutingStore routing,
      ChannelProviders providers,
      ObjectProvider<WorkflowClient> temporal,
      Clock clock) {
    this.starter = starter;
    this.routing = routing;
    this.providers = providers;
    this.temporal = temporal;
    this.clock = clock;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.FAILOVER;
  }

  @Override
  public Optional<String> missingScope(AnomalyRef target) {
    if (Channel.tryFromWire(target.channel()).isEmpty()) {
      return Optional.of(
          target.kind() + " names no channel (an alert gives it with the label `channel`)");
    }
    if (target.provider().isBlank()
        || !providers.of(Channel.fromWire(target.channel())).contains(target.provider())) {
      return Optional.of(
          target.kind()
              + " names no provider of "
              + target.channel()
              + (target.provider().isBlank() ? "" : " (" + target.provider() + " is not one)")
              + " (an alert gives it with the label `provider`)");
    }
    return Optional.empty();
  }

  /** The failover id of a step: the same for every retry of it. */
  static UUID failoverId(StepCommand command) {
    return UUID.nameUUIDFromBytes(command.eventKey().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public StepResult apply(StepCommand command) {
    String provider = command.target().provider();
    Channel channel = Channel.fromWire(command.target().channel());
    UUID id = failoverId(command);
    Optional<RoutingState> state = state(provider, channel);
    if (state.isPresent()
        && state.get().status() == ProviderStatus.FAILED_OVER
        && !id.equals(state.get().failoverId())) {
      return ActionRunner.result(
          command,
          StepOutcome.ALREADY_IN_EFFECT,
          provider
              + " is already failed over on "
              + channel.wireName()
              + " (failover "
              + state.get().failoverId()
              + "): "
              + state.get().reason(),
          Map.of());
    }
    if (state.isEmpty() || !id.equals(state.get().failoverId())) {
      List<String> failedOver =
          routing.all().stream()
              .filter(s -> s.channel() == channel && s.status() == ProviderStatus.FAILED_OVER)
              .map(RoutingState::provider)
              .toList();
      boolean alternative =
          providers.of(channel).stream()
              .anyMatch(p -> !p.equals(provider) && !failedOver.contains(p));
      if (!alternative) {
        return ActionRunner.result(
            command,
            StepOutcome.FAILED,
            "no other usable provider on " + channel.wireName() + ": " + provider + " stays",
            Map.of());
      }
    }
    String reason =
        "remediation "
            + command.remediationId()
            + " ("
            + command.runbook()
            + "): "
            + command.target().kind()
            + (command.target().incidentScope() || command.target().detail().isBlank()
                ? ""
                : ", " + command.target().detail());
    starter.request(
        new FailoverRequest(
            id.toString(),
            provider,
            channel,
            FailoverTrigger.REMEDIATION,
            reason.length() > 500 ? reason.substring(0, 500) : reason,
            "",
            clock.millis()));
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        "failed over " + provider + " on " + channel.wireName() + " (failover " + id + ")",
        Map.of("provider", provider, "channel", channel.wireName(), "failoverId", id.toString()));
  }

  @Override
  public StepResult undo(StepCommand command) {
    Map<String, String> undo = command.undoOf() == null ? Map.of() : command.undoOf().undo();
    String id = undo.get("failoverId");
    if (id == null) {
      return ActionRunner.result(
          command, StepOutcome.NOTHING_TO_UNDO, "this step made no failover", Map.of());
    }
    String provider = undo.get("provider");
    Channel channel = Channel.fromWire(undo.get("channel"));
    Optional<RoutingState> state = state(provider, channel);
    if (state.isEmpty()
        || state.get().status() == ProviderStatus.HEALTHY
        || !id.equals(String.valueOf(state.get().failoverId()))) {
      return ActionRunner.result(
          command,
          StepOutcome.NOTHING_TO_UNDO,
          provider + " on " + channel.wireName() + " no longer holds failover " + id,
          Map.of());
    }
    temporal
        .getObject()
        .newWorkflowStub(
            FailoverReevaluationWorkflow.class, FailoverStarter.workflowId(provider, channel))
        .cancel("rolled back by remediation " + command.remediationId());
    return ActionRunner.result(
        command,
        StepOutcome.ROLLED_BACK,
        "failover " + id + " of " + provider + " on " + channel.wireName() + " cancelled",
        Map.of());
  }

  private Optional<RoutingState> state(String provider, Channel channel) {
    return routing.all().stream()
        .filter(s -> s.provider().equals(provider) && s.channel() == channel)
        .findFirst();
  }
}
