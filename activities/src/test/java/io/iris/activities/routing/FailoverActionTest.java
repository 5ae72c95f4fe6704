package io.iris.activities.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.actions.FailoverAction;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RunbookStep;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.ProviderStatus;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The failover runbook step: asks the one failover path with trigger REMEDIATION, is
 * already_in_effect on a provider the breaker failed over (asking nothing), refuses when no other
 * provider is usable, and never undoes a failover it did not make.
 */
class FailoverActionTest {

  final RoutingTestSupport.FakeStates states = new RoutingTestSupport.FakeStates();
  final List<FailoverRequest> requested = new ArrayList<>();
  final FailoverStarter starter =
      request -> {
        requested.add(request);
        return "failover-sms-" + request.provider();
      };

  FailoverAction action(String... smsRoute) {
    return new FailoverAction(
        starter,
        states,
        new ChannelProviders(
            RoutingTestSupport.sendSettings(List.of(smsRoute)), RoutingTestSupport.registry()),
        new StaticListableBeanFactory().getBeanProvider(WorkflowClient.class),
        new RoutingTestSupport.MovableClock());
  }

  static StepCommand step(String phase, StepResult undoOf) {
    return new StepCommand(
        "remediation-11111111-2222-3333-4444-555555555555-provider-failover",
        "11111111-2222-3333-4444-555555555555",
        "provider-failover",
        phase,
        0,
        new RunbookStep(RemediationAction.FAILOVER, Map.of(), 0),
        new AnomalyRef(
            UUID.randomUUID().toString(),
            AnomalyType.DELIVERY_RATE_DROP,
            Severity.CRITICAL,
            "delivery_rate_drop:sms:twilio",
            "sms",
            "twilio",
            "",
            "",
            99,
            60,
            -39,
            "percent",
            "",
            0),
        undoOf,
        null);
  }

  @Test
  void givenAHealthyProvider_whenTheStepApplies_itShouldAskAFailoverWithTriggerRemediation() {
    StepResult result = action("twilio", "telnyx").apply(step("step", null));

    assertThat(result.outcome()).isEqualTo(StepOutcome.APPLIED);
    assertThat(requested)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.trigger()).isEqualTo(FailoverTrigger.REMEDIATION);
              assertThat(r.provider()).isEqualTo("twilio");
              assertThat(r.failoverId()).isEqualTo(result.undo().get("failoverId"));
            });
    // A retry asks with the same failover id (the re-evaluation ignores a repeat).
    action("twilio", "telnyx").apply(step("step", null));
    assertThat(requested)
        .extracting(FailoverRequest::failoverId)
        .containsOnly(requested.get(0).failoverId());
  }

  @Test
  void
      givenAProviderTheBreakerFailedOver_whenTheStepApplies_itShouldBeAlreadyInEffectAndAskNothing() {
    UUID breakers = UUID.randomUUID();
    states.set("twilio", ProviderStatus.FAILED_OVER, 0, "6 of 10 calls failed", breakers);

    StepResult result = action("twilio", "telnyx").apply(step("step", null));

    assertThat(result.outcome()).isEqualTo(StepOutcome.ALREADY_IN_EFFECT);
    assertThat(result.detail()).contains(breakers.toString());
    assertThat(result.undo()).isEmpty();
    assertThat(requested).isEmpty();
  }

  @Test
  void givenNoOtherUsableProvider_whenTheStepApplies_itShouldFailWithoutAsking() {
    StepResult result = action("twilio").apply(step("step", null));

    assertThat(result.outcome()).isEqualTo(StepOutcome.FAILED);
    assertThat(requested).isEmpty();
  }

  @Test
  void givenTheRoutingRowHoldsAnotherFailover_whenUndone_itShouldLeaveItAlone() {
    StepResult applied =
        new StepResult(
            RemediationAction.FAILOVER,
            StepOutcome.APPLIED,
            "",
            Map.of(
                "provider",
                "twilio",
                "channel",
                "sms",
                "failoverId",
                UUID.randomUUID().toString()));
    states.set("twilio", ProviderStatus.FAILED_OVER, 0, "breaker", UUID.randomUUID());

    StepResult undone = action("twilio", "telnyx").undo(step("rollback", applied));

    // No WorkflowClient in this test: a cancel would have thrown.
    assertThat(undone.outcome()).isEqualTo(StepOutcome.NOTHING_TO_UNDO);
  }

  @Test
  void givenAnAlertsScope_itShouldSayWhatAFailoverLacksAndAcceptAChannelsProvider() {
    FailoverAction failover = action("twilio", "telnyx");

    assertThat(failover.missingScope(alert("", "twilio")))
        .hasValue(
            "alertmanager:TwilioErrors names no channel (an alert gives it with the label"
                + " `channel`)");
    assertThat(failover.missingScope(alert("sms", "")))
        .hasValue(
            "alertmanager:TwilioErrors names no provider of sms (an alert gives it with the label"
                + " `provider`)");
    assertThat(failover.missingScope(alert("sms", "sendgrid")))
        .hasValue(
            "alertmanager:TwilioErrors names no provider of sms (sendgrid is not one) (an alert"
                + " gives it with the label `provider`)");
    assertThat(failover.missingScope(alert("sms", "telnyx"))).isEmpty();
    assertThat(failover.missingScope(step("step", null).target())).isEmpty();
    assertThat(requested).as("asking is not acting").isEmpty();
  }

  static AnomalyRef alert(String channel, String provider) {
    return AnomalyRef.ofIncident(
        "alertmanager:TwilioErrors",
        Severity.CRITICAL,
        "alertmanager:g",
        channel,
        provider,
        "",
        "",
        1);
  }
}
