package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One failed-over provider on one channel, from its failover to its fail-back (seed 000 §3.2,
 * performFailover and scheduleProviderReEvaluation): marks it failed over, drains the channel's
 * in-flight sends off it, rests, checks it until enough checks in a row are healthy, then gives it
 * back its traffic step by step, judging each step. Workflow id: {@code
 * failover-{channel}-{provider}}; every trigger signals-with-start {@link #failedOver}, so there is
 * one at a time.
 */
@WorkflowInterface
public interface FailoverReevaluationWorkflow {

  static String workflowId(String provider, Channel channel) {
    return "failover-" + channel.wireName() + "-" + provider;
  }

  /** Runs the failover to its end; returns the final state (phase {@code RESTORED}). */
  @WorkflowMethod
  ReevaluationState reevaluate(ReevaluationInput input);

  /**
   * A trigger (breaker, outage or score rule, operator) asks for the failover. The first one marks
   * the provider; a repeat while it is failed over only adds its reason; one while it fails back is
   * a flap: back to weight 0, with a doubled rest.
   */
  @SignalMethod
  void failedOver(FailoverRequest request);

  /** Cuts the current rest or check interval short: the next check runs now. */
  @SignalMethod
  void probeNow();

  /** An operator's manual fail-back: restores the provider to healthy at once and ends. */
  @SignalMethod
  void cancel(String reason);

  @QueryMethod
  ReevaluationState state();
}
