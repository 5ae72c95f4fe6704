package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.iris.workflows.routing.ReevaluationState.Phase;
import io.iris.workflows.send.Channel;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's failover to its fail-back, with time skipping, against fake activities that log
 * every call with the test server's time (minutes and seconds after the start).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailoverReevaluationWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = extension();

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder b = TestWorkflowExtension.newBuilder();
    SearchAttributes.ALL.forEach(
        key ->
            b.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return b.registerWorkflowImplementationTypes(
            TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
        .setDoNotStart(true)
        .build();
  }

  static final String PROVIDER = "twilio";

  /** The test server's skipped time (the activities run on real threads). */
  static volatile LongSupplier clock;

  /** Each call as "m:ss what", m:ss after {@link #t0}. */
  static final class Calls implements FailoverActivities {
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<FailoverRequest> marks = new CopyOnWriteArrayList<>();

    /** Per check: healthy (true) or failing (false); healthy once empty. */
    final Deque<Boolean> checks = new ArrayDeque<>();

    /** The time of the first mark: the failover's own clock starts there. */
    volatile long t0;

    /** The workflow's own answer to {@code state()} while each mark and drain runs. */
    final List<Phase> phasesSeen = new CopyOnWriteArrayList<>();

    volatile WorkflowClient client;

    private void seePhase() {
      phasesSeen.add(
          client.newWorkflowStub(FailoverReevaluationWorkflow.class, id()).state().phase());
    }

    private void add(String what) {
      long s = Math.round((clock.getAsLong() - t0) / 1000.0);
      log.add(String.format("%d:%02d %s", s / 60, s % 60, what));
    }

    @Override
    public FailoverMark markFailedOver(FailoverRequest request, int flaps) {
      if (marks.isEmpty()) {
        t0 = clock.getAsLong();
      }
      marks.add(request);
      seePhase();
      add("mark " + request.failoverId() + " flaps=" + flaps);
      return new FailoverMark(true, clock.getAsLong());
    }

    @Override
    public int drainInFlight(String provider, Channel channel) {
      seePhase();
      add("drain");
      return 3;
    }

    @Override
    public HealthCheck checkHealth(
        String provider, Channel channel, String failoverId, int checkNumber, long fromMillis) {
      boolean healthy;
      synchronized (checks) {
        healthy = checks.isEmpty() || checks.poll();
      }
      add("check " + checkNumber + (healthy ? " ok" : " failing"));
      long to = Math.max(fromMillis, clock.getAsLong());
      return new HealthCheck(
          fromMillis,
          to,
          20,
          healthy ? 0 : 10,
          HealthCheck.Probe.NOT_SENT,
          false,
          0,
          healthy ? "0 of 20 calls failed" : "10 of 20 calls failed");
    }

    @Override
    public void setWeight(
        String provider, Channel channel, String failoverId, int step, int weight) {
      add("weight " + weight + "% (step " + step + " of " + failoverId + ")");
    }

    @Override
    public void restore(String provider, Channel channel, String failoverId, String reason) {
      add("restore " + failoverId + ": " + reason);
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Calls calls;
  private Worker worker;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.worker = worker;
    clock = env::currentTimeMillis;
    calls = new Calls();
    worker.registerActivitiesImplementations(calls);
    calls.client = client;
    env.start();
  }

  static FailbackPolicy policy(int continueAsNewAfter) {
    return new FailbackPolicy(
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        Duration.ofSeconds(2),
        16,
        continueAsNewAfter,
        3,
        Duration.ofMinutes(1),
        0.1,
        85,
        true,
        List.of(10, 50, 100),
        Duration.ofMinutes(1));
  }

  static FailoverRequest request(String id, String reason) {
    return new FailoverRequest(
        id, PROVIDER, Channel.SMS, FailoverTrigger.BREAKER, reason, "", 1_000L);
  }

  private FailoverReevaluationWorkflow stub() {
    return client.newWorkflowStub(
        FailoverReevaluationWorkflow.class,
        FailoverReevaluationStart.options(PROVIDER, Channel.SMS).toBuilder()
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  /** What every trigger does: signal-with-start of failedOver. */
  private FailoverReevaluationWorkflow trigger(FailoverRequest request, FailbackPolicy policy) {
    FailoverReevaluationWorkflow wf = stub();
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(wf::reevaluate, ReevaluationInput.opening(PROVIDER, Channel.SMS, policy));
    batch.add(wf::failedOver, request);
    client.signalWithStart(batch);
    return wf;
  }

  /** Skips to {@code after} the first mark (the failover's time 0). */
  private void until(Duration after) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (calls.t0 == 0 && System.nanoTime() < deadline) {
      env.sleep(Duration.ofMillis(50));
    }
    assertThat(calls.t0).as("marked").isPositive();
    long left = calls.t0 + after.toMillis() - env.currentTimeMillis();
    if (left > 0) {
      env.sleep(Duration.ofMillis(left));
    }
  }

  private ReevaluationState result(FailoverReevaluationWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getResult(ReevaluationState.class);
  }

  static String id() {
    return FailoverReevaluationWorkflow.workflowId(PROVIDER, Channel.SMS);
  }

  @Test
  void givenAFailover_whenTheProviderRecovers_itShouldDrainTwiceRestCheckStepAndRestore() {
    FailoverReevaluationWorkflow wf = trigger(request("f-1", "7 of 10 calls failed"), policy(1000));

    until(Duration.ofMinutes(5));
    ReevaluationState waiting = wf.state();
    assertThat(waiting.phase()).isEqualTo(Phase.WAITING);
    assertThat(waiting.weight()).isZero();
    assertThat(waiting.failoverId()).isEqualTo("f-1");
    assertThat(waiting.nextCheckAtMillis() - calls.t0)
        .isCloseTo(Duration.ofSeconds(602).toMillis(), within(500L));
    until(Duration.ofMinutes(11).plusSeconds(30));
    ReevaluationState checking = wf.state();
    assertThat(checking.phase()).isEqualTo(Phase.CHECKING);
    assertThat(checking.healthyChecks()).isEqualTo(2);
    until(Duration.ofMinutes(12).plusSeconds(30));
    ReevaluationState stepping = wf.state();
    assertThat(stepping.phase()).isEqualTo(Phase.STEPPING);
    assertThat(stepping.weight()).isEqualTo(10);

    ReevaluationState end = result(wf);

    assertThat(calls.log)
        .containsExactly(
            "0:00 mark f-1 flaps=0",
            "0:00 drain",
            "0:02 drain",
            "10:02 check 1 ok",
            "11:02 check 2 ok",
            "12:02 check 3 ok",
            "12:02 weight 10% (step 1 of f-1)",
            "13:02 check 4 ok",
            "13:02 weight 50% (step 2 of f-1)",
            "14:02 check 5 ok",
            "14:02 weight 100% (step 3 of f-1)",
            "15:02 check 6 ok",
            "15:02 restore f-1: fail-back completed");
    assertThat(calls.phasesSeen)
        .as("the state while marking and while each drain runs")
        .containsExactly(Phase.MARKING, Phase.DRAINING, Phase.DRAINING);
    assertThat(end.phase()).isEqualTo(Phase.RESTORED);
    assertThat(end.weight()).isEqualTo(100);
    assertThat(end.flaps()).isZero();
    assertThat(end.checksRun()).isEqualTo(6);
    Histories.record(client, id(), "failover-failed-back");
  }

  @Test
  void givenAFailedCheck_whenCheckingResumes_itShouldCountHealthyChecksFromZeroAgain() {
    calls.checks.addAll(List.of(true, true, false, true, true, true));
    FailoverReevaluationWorkflow wf = trigger(request("f-2", "outage"), policy(1000));

    until(Duration.ofMinutes(12).plusSeconds(30));
    ReevaluationState afterFailure = wf.state();
    assertThat(afterFailure.phase()).isEqualTo(Phase.CHECKING);
    assertThat(afterFailure.healthyChecks()).as("reset by check 3").isZero();
    assertThat(afterFailure.checksRun()).isEqualTo(3);

    result(wf);

    assertThat(calls.log)
        .containsSubsequence(
            "12:02 check 3 failing",
            "13:02 check 4 ok",
            "14:02 check 5 ok",
            "15:02 check 6 ok",
            "15:02 weight 10% (step 1 of f-2)");
    assertThat(calls.log).noneMatch(c -> c.startsWith("12:02 weight") || c.startsWith("14:02 w"));
  }

  @Test
  void givenATripWhileAtTenPercent_whenItFlaps_itShouldGoBackToZeroAndRestTwiceAsLong() {
    FailoverReevaluationWorkflow wf = trigger(request("f-3", "breaker"), policy(1000));
    until(Duration.ofMinutes(12).plusSeconds(30));
    assertThat(wf.state().weight()).isEqualTo(10);

    // The breaker trips again on the 10% of traffic: signal-with-start, as every trigger.
    trigger(request("f-4", "breaker again at 10%"), policy(1000));
    until(Duration.ofMinutes(13));
    ReevaluationState flapped = wf.state();
    assertThat(flapped.phase()).isEqualTo(Phase.WAITING);
    assertThat(flapped.weight()).isZero();
    assertThat(flapped.flaps()).isEqualTo(1);
    assertThat(flapped.failoverId()).isEqualTo("f-4");
    assertThat(flapped.nextCheckAtMillis() - calls.t0)
        .as("rests 20 minutes after the second drain")
        .isCloseTo(Duration.ofMinutes(32).plusSeconds(32).toMillis(), within(500L));

    ReevaluationState end = result(wf);

    assertThat(calls.log)
        .containsSubsequence(
            "12:02 weight 10% (step 1 of f-3)",
            "12:30 mark f-4 flaps=1",
            "12:30 drain",
            "12:32 drain",
            "32:32 check 4 ok",
            "33:32 check 5 ok",
            "34:32 check 6 ok",
            "34:32 weight 10% (step 1 of f-4)",
            "35:32 weight 50% (step 2 of f-4)",
            "36:32 weight 100% (step 3 of f-4)",
            "37:32 restore f-4: fail-back completed");
    assertThat(calls.marks).extracting(FailoverRequest::failoverId).containsExactly("f-3", "f-4");
    assertThat(end.flaps()).isEqualTo(1);
    Histories.record(client, id(), "failover-flapping");
  }

  @Test
  void givenAStepWhoseCheckFails_whenJudged_itShouldFlapLikeATrip() {
    // Three checks pass, the 10% step passes, the 50% step's check fails.
    calls.checks.addAll(List.of(true, true, true, true, false));
    FailoverReevaluationWorkflow wf = trigger(request("f-5", "score"), policy(1000));

    ReevaluationState end = result(wf);

    assertThat(calls.log)
        .containsSubsequence(
            "13:02 weight 50% (step 2 of f-5)",
            "14:02 check 5 failing",
            "14:02 mark " + calls.marks.get(1).failoverId() + " flaps=1",
            "14:04 drain",
            "34:04 check 6 ok");
    assertThat(calls.marks.get(1).reason()).contains("at 50%").contains("10 of 20 calls failed");
    assertThat(calls.log).noneMatch(c -> c.startsWith("14:02 weight 100%"));
    assertThat(end.flaps()).isEqualTo(1);
  }

  @Test
  void givenProbeNowThenCancel_whenWaiting_itShouldCheckAtOnceAndRestoreOnCancel() {
    FailoverReevaluationWorkflow wf = trigger(request("f-6", "maintenance"), policy(1000));
    until(Duration.ofMinutes(1));
    assertThat(wf.state().phase()).isEqualTo(Phase.WAITING);

    wf.probeNow();
    until(Duration.ofMinutes(1).plusSeconds(10));
    ReevaluationState probed = wf.state();
    assertThat(probed.phase()).isEqualTo(Phase.CHECKING);
    assertThat(probed.checksRun()).isEqualTo(1);
    wf.probeNow();
    until(Duration.ofMinutes(1).plusSeconds(20));
    assertThat(wf.state().checksRun())
        .as("a probe in checking runs the next check now")
        .isEqualTo(2);

    wf.cancel("provider confirmed fixed");
    ReevaluationState end = result(wf);

    assertThat(calls.log)
        .containsExactly(
            "0:00 mark f-6 flaps=0",
            "0:00 drain",
            "0:02 drain",
            "1:00 check 1 ok",
            "1:10 check 2 ok",
            "1:20 restore f-6: cancelled by an operator: provider confirmed fixed");
    assertThat(end.phase()).isEqualTo(Phase.RESTORED);
    assertThat(end.weight()).isEqualTo(100);
    Histories.record(client, id(), "failover-cancelled");
  }

  @Test
  void givenARepeatedFailover_whileFailedOver_itShouldNotMarkAgainButAddTheReason() {
    FailoverReevaluationWorkflow wf = trigger(request("f-7", "breaker"), policy(1000));
    until(Duration.ofMinutes(3));
    trigger(request("f-8", "outage: 40% delivered over 150 attempts"), policy(1000));
    until(Duration.ofMinutes(3).plusSeconds(5));

    ReevaluationState state = wf.state();
    assertThat(state.phase()).isEqualTo(Phase.WAITING);
    assertThat(state.failoverId()).isEqualTo("f-7");
    assertThat(state.reason()).isEqualTo("breaker; outage: 40% delivered over 150 attempts");
    assertThat(calls.marks).hasSize(1);
    wf.cancel("done");
    result(wf);
    assertThat(calls.marks).hasSize(1);
  }

  @Test
  void givenALongOutage_whenTheHistoryGrows_itShouldContinueAsNewCarryingItsStateMarkingOnce() {
    // Twenty failing checks keep it checking past the (small) history limit.
    for (int i = 0; i < 20; i++) {
      calls.checks.add(false);
    }
    FailoverReevaluationWorkflow wf = trigger(request("f-9", "outage"), policy(40));
    String firstRun = WorkflowStub.fromTyped(wf).getExecution().getRunId();

    ReevaluationState end = result(wf);

    String lastRun =
        client
            .newUntypedWorkflowStub(id())
            .describe()
            .getWorkflowExecutionInfo()
            .getExecution()
            .getRunId();
    assertThat(lastRun).as("continued as new").isNotEqualTo(firstRun);
    assertThat(calls.marks).as("the continued run marks nothing again").hasSize(1);
    assertThat(end.checksRun()).as("counts carried across runs").isEqualTo(26);
    assertThat(end.failoverId()).isEqualTo("f-9");
    assertThat(calls.log)
        .containsSubsequence(
            "29:02 check 20 failing",
            "30:02 check 21 ok",
            "32:02 check 23 ok",
            "32:02 weight 10% (step 1 of f-9)",
            "35:02 restore f-9: fail-back completed");
    assertThat(calls.log).filteredOn(c -> c.contains("check ")).hasSize(26);
    Histories.record(client, id(), "failover-continued");
  }
}
