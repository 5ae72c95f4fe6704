package io.iris.workflows.routing;

import io.iris.workflows.routing.ReevaluationState.Phase;
import io.iris.workflows.send.Channel;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Registered on the operations task queue from the {@link
 * io.iris.workflows.common.WorkflowCatalog}; its activity options come from registration, its
 * timing from the {@link FailbackPolicy} it is given (never from literals here).
 *
 * <p>The run is a loop over phases, so a run continued as new picks up in the phase it carried:
 *
 * <ol>
 *   <li>{@link Phase#MARKING} and {@link Phase#DRAINING}: mark the provider failed over (weight 0,
 *       audit row), then tell the channel's in-flight sends to switch, twice, {@link
 *       FailbackPolicy#drainRepeatAfter} apart.
 *   <li>{@link Phase#WAITING}: rest {@link FailbackPolicy#delayAfter} its flaps ({@code probeNow}
 *       cuts it short).
 *   <li>{@link Phase#CHECKING}: a check every {@link FailbackPolicy#checkInterval} until {@link
 *       FailbackPolicy#healthyChecks} in a row are healthy; an unhealthy one starts the count
 *       again.
 *   <li>{@link Phase#STEPPING}: each step's weight for {@link FailbackPolicy#stepInterval}, then a
 *       check of the step's traffic. A trigger or an unhealthy check here is a flap: marked again
 *       at weight 0, one more flap, a doubled rest.
 *   <li>{@link Phase#RESTORED}: healthy at 100, after the last step or an operator's {@code
 *       cancel}.
 * </ol>
 */
public class FailoverReevaluationWorkflowImpl implements FailoverReevaluationWorkflow {

  /** The longest reason the state keeps (the routing row's column); later reasons are dropped. */
  static final int MAX_REASON = 1000;

  private static final Logger log = Workflow.getLogger(FailoverReevaluationWorkflowImpl.class);

  private final FailoverActivities activities = Workflow.newActivityStub(FailoverActivities.class);

  private final String provider;
  private final Channel channel;
  private final FailbackPolicy policy;

  private Phase phase;
  private int weight;
  private int healthyChecks;
  private int checksRun;
  private int flaps;
  private String failoverId;
  private String reason;
  private long since;
  private long nextCheckAt;

  /** Whether a failover has been taken up in this workflow (by this run or one it continues). */
  private boolean started;

  /** Start of the figures the next check reads (the previous check, or {@code since}). */
  private long checkFrom;

  /** Requests that need a mark: the first, or a flap while failing back (at most one). */
  private final List<FailoverRequest> toMark = new ArrayList<>();

  private boolean probe;
  private String cancelReason;

  /** When the check or step that is running now was due ({@link #waitUntilDue}). */
  private long dueAt;

  /** Restores the carried state before any signal that came with the start is handled. */
  @WorkflowInit
  public FailoverReevaluationWorkflowImpl(ReevaluationInput input) {
    provider = input.provider();
    channel = input.channel();
    policy = input.policy();
    ReevaluationState s = input.carried();
    phase = s.phase();
    weight = s.weight();
    healthyChecks = s.healthyChecks();
    checksRun = s.checksRun();
    flaps = s.flaps();
    failoverId = s.failoverId();
    reason = s.reason();
    since = s.sinceMillis();
    nextCheckAt = s.nextCheckAtMillis();
    started = input.resumed();
    checkFrom =
        switch (phase) {
          case CHECKING -> Math.max(since, nextCheckAt - policy.checkInterval().toMillis());
          case STEPPING -> Math.max(since, nextCheckAt - policy.stepInterval().toMillis());
          default -> since;
        };
  }

  @Override
  public ReevaluationState reevaluate(ReevaluationInput input) {
    if (!started) {
      Workflow.await(() -> !toMark.isEmpty() || cancelReason != null);
      if (toMark.isEmpty()) {
        // Cancelled before anything was marked: there is nothing to restore.
        phase = Phase.RESTORED;
        return state();
      }
    }
    while (true) {
      if (cancelReason != null) {
        restore("cancelled by an operator: " + cancelReason);
        break;
      }
      if (!toMark.isEmpty()) {
        failOver(toMark.remove(0));
        continue;
      }
      if (phase == Phase.RESTORED) {
        break;
      }
      if (Workflow.getInfo().getHistoryLength() > policy.continueAsNewAfter()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        if (cancelReason == null && toMark.isEmpty()) {
          Workflow.continueAsNew(new ReevaluationInput(provider, channel, policy, state(), true));
        }
        continue;
      }
      switch (phase) {
        case WAITING -> rest();
        case CHECKING -> checkWhenDue();
        case STEPPING -> stepWhenDue();
        default -> throw new IllegalStateException("no loop step for phase " + phase + " (a bug)");
      }
    }
    return state();
  }

  /** Marks the provider failed over and drains its sends; a second mark is a flap. */
  private void failOver(FailoverRequest request) {
    if (started) {
      flaps++;
      log.info(
          "{} on {} flapped at {}% (flap {}): {}",
          provider, channel.wireName(), weight, flaps, request.reason());
    }
    started = true;
    failoverId = request.failoverId();
    reason = bounded(request.reason());
    phase = Phase.MARKING;
    weight = 0;
    healthyChecks = 0;
    nextCheckAt = 0;
    probe = false;
    FailoverMark mark = activities.markFailedOver(request, flaps);
    since = mark.sinceMillis();
    checkFrom = since;
    if (mark.alternativeExists()) {
      phase = Phase.DRAINING;
      activities.drainInFlight(provider, channel);
      // The second pass reaches sends other processes routed before they saw the mark, and those
      // visibility showed late.
      Workflow.await(policy.drainRepeatAfter(), () -> cancelReason != null);
      if (cancelReason == null) {
        activities.drainInFlight(provider, channel);
      }
    }
    phase = Phase.WAITING;
    nextCheckAt = Workflow.currentTimeMillis() + policy.delayAfter(flaps).toMillis();
  }

  private void rest() {
    if (!waitUntilDue(true)) {
      return;
    }
    probe = false;
    phase = Phase.CHECKING;
    nextCheckAt = dueAt;
  }

  private void checkWhenDue() {
    if (!waitUntilDue(true)) {
      return;
    }
    probe = false;
    HealthCheck check = check();
    if (check.healthy(policy)) {
      healthyChecks++;
    } else {
      healthyChecks = 0;
    }
    log.info(
        "{} on {}: check {} {} ({} in a row): {}",
        provider,
        channel.wireName(),
        checksRun,
        check.healthy(policy) ? "healthy" : "unhealthy",
        healthyChecks,
        check.detail());
    if (healthyChecks >= policy.healthyChecks()) {
      phase = Phase.STEPPING;
      since = Workflow.currentTimeMillis();
      setStep(0);
    } else {
      nextCheckAt = nextAfter(policy.checkInterval());
    }
  }

  private void stepWhenDue() {
    if (!waitUntilDue(false)) {
      return;
    }
    HealthCheck check = check();
    if (!check.healthy(policy)) {
      // The step's own traffic says it is not well yet: a flap, as a trigger would be.
      toMark.add(
          new FailoverRequest(
              Workflow.randomUUID().toString(),
              provider,
              channel,
              FailoverTrigger.BREAKER,
              "fail-back check at " + weight + "% unhealthy: " + check.detail(),
              "",
              Workflow.currentTimeMillis()));
      return;
    }
    int next = policy.steps().indexOf(weight) + 1;
    if (next >= policy.steps().size()) {
      restore("fail-back completed");
    } else {
      setStep(next);
    }
  }

  private void setStep(int index) {
    int share = policy.steps().get(index);
    activities.setWeight(provider, channel, failoverId, index + 1, share);
    weight = share;
    checkFrom = Workflow.currentTimeMillis();
    nextCheckAt = nextAfter(policy.stepInterval());
  }

  private HealthCheck check() {
    checksRun++;
    HealthCheck check = activities.checkHealth(provider, channel, failoverId, checksRun, checkFrom);
    checkFrom = Workflow.currentTimeMillis();
    return check;
  }

  private void restore(String why) {
    activities.restore(provider, channel, failoverId, why);
    phase = Phase.RESTORED;
    weight = 100;
    healthyChecks = Math.min(healthyChecks, checksRun);
    since = Workflow.currentTimeMillis();
    nextCheckAt = 0;
    log.info("{} on {} restored: {}", provider, channel.wireName(), why);
  }

  /**
   * Waits for {@code nextCheckAt}; true when it is due (or a probe asked for it, if {@code
   * probeCuts}), false when a cancel or a flap came first.
   */
  private boolean waitUntilDue(boolean probeCuts) {
    long left = nextCheckAt - Workflow.currentTimeMillis();
    if (left > 0) {
      Workflow.await(
          Duration.ofMillis(left),
          () -> cancelReason != null || !toMark.isEmpty() || (probeCuts && probe));
    }
    if (cancelReason != null || !toMark.isEmpty()) {
      return false;
    }
    long now = Workflow.currentTimeMillis();
    if ((probeCuts && probe) || now >= nextCheckAt) {
      dueAt = Math.min(nextCheckAt, now);
      return true;
    }
    return false;
  }

  /**
   * The next due time {@code interval} after the last one (a probe's time, if it cut the wait
   * short), so checks and steps keep their cadence however long each activity takes; never in the
   * past.
   */
  private long nextAfter(Duration interval) {
    return Math.max(dueAt + interval.toMillis(), Workflow.currentTimeMillis());
  }

  private static String bounded(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
  }

  // Signals change state; the loop does the work.

  @Override
  public void failedOver(FailoverRequest request) {
    if (request.failoverId().equals(failoverId)
        || toMark.stream().anyMatch(r -> r.failoverId().equals(request.failoverId()))) {
      return; // the same request again (a retried trigger): nothing new
    }
    if (!toMark.isEmpty()) {
      // Not marked yet: one mark carries both reasons.
      FailoverRequest first = toMark.get(0);
      toMark.set(
          0,
          new FailoverRequest(
              first.failoverId(),
              first.provider(),
              first.channel(),
              first.trigger(),
              joined(first.reason(), request.reason()),
              first.actorKeyId(),
              first.atMillis()));
    } else if (!started || phase == Phase.STEPPING || phase == Phase.RESTORED) {
      // The first request; a flap while failing back; or a failure again just as it ended.
      toMark.add(request);
    } else {
      reason = joined(reason, request.reason());
    }
  }

  private static String joined(String before, String added) {
    if (before.isEmpty()) {
      return bounded(added);
    }
    String both = before + "; " + added;
    return both.length() <= MAX_REASON ? both : before;
  }

  @Override
  public void probeNow() {
    if (phase == Phase.WAITING || phase == Phase.CHECKING) {
      probe = true;
    }
  }

  @Override
  public void cancel(String reason) {
    if (cancelReason == null) {
      cancelReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }
  }

  @Override
  public ReevaluationState state() {
    return new ReevaluationState(
        phase, weight, healthyChecks, checksRun, flaps, failoverId, reason, since, nextCheckAt);
  }
}
