package io.iris.workflows.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.iris.workflows.cost.CostOpportunity.Type;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The opportunity's workflow and the cycle against fake activities, in time-skipping: auto-apply,
 * review approved, dismissed and expired, a switch reverted when delivery drops, a change that no
 * longer applies, and the cycle starting one workflow per new opportunity.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CostOpportunityWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  static final CostPolicy POLICY =
      new CostPolicy(
          true,
          "50",
          Duration.ofHours(72),
          Duration.ofMinutes(5),
          3,
          2.0,
          20,
          Duration.ofHours(24));

  static CostOpportunity switchOf(String id, String savings, String quality) {
    return new CostOpportunity(
        id,
        Type.PROVIDER_SWITCH,
        "sms",
        "twilio",
        "telnyx",
        "",
        "120.000000",
        savings,
        45.0,
        quality,
        true,
        "telnyx is $0.0035 cheaper a message, score 96 vs 97");
  }

  static final class Fake implements CostOptimizationActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<CostOpportunity> fresh;
    final List<SwitchQuality> qualities;
    final boolean applicable;
    volatile long appliedAt = -1;
    volatile long measuredAt = -1;

    Fake(List<CostOpportunity> fresh, List<SwitchQuality> qualities, boolean applicable) {
      this.fresh = fresh;
      this.qualities = new ArrayList<>(qualities);
      this.applicable = applicable;
    }

    @Override
    public CostCycle findCostOpportunities(long atMillis) {
      calls.add("find");
      return new CostCycle(fresh.size() + 1, fresh, POLICY);
    }

    @Override
    public String applyCostOpportunity(CostOpportunity o, String by, long atMillis) {
      calls.add("apply " + o.id() + " by " + by);
      if (!applicable) {
        throw ApplicationFailure.newNonRetryableFailure(
            "telnyx is failed over on sms", "COST_NOT_APPLICABLE");
      }
      appliedAt = atMillis;
      return "twilio failed over on sms for telnyx";
    }

    @Override
    public SwitchQuality checkCostSwitch(CostOpportunity o, long appliedAtMillis, long atMillis) {
      calls.add("check");
      return qualities.isEmpty() ? new SwitchQuality(100, 99, 99) : qualities.remove(0);
    }

    @Override
    public String revertCostOpportunity(CostOpportunity o, String reason, long atMillis) {
      calls.add("revert: " + reason);
      return "twilio restored on sms";
    }

    @Override
    public String measureCostSavings(CostOpportunity o, long appliedAtMillis, long atMillis) {
      calls.add("measure");
      measuredAt = atMillis;
      return "58.100000";
    }

    @Override
    public void markCostOpportunity(
        String id, String status, String by, String note, long atMillis) {
      calls.add("mark " + status + " by " + by);
    }

    @Override
    public String postCostReview(CostOpportunity o, long expiresAtMillis) {
      calls.add("review");
      return "slack #ops";
    }

    @Override
    public String postCostOutcome(CostOpportunity o, String outcome, String detail) {
      calls.add("outcome " + outcome);
      return "slack #ops";
    }
  }

  /** Polls (real time, at most 20 s) until the condition holds. */
  private static void until(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(end);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static CostOpportunityWorkflow start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Fake fake, String id) {
    worker.registerActivitiesImplementations(fake);
    env.start();
    return client.newWorkflowStub(
        CostOpportunityWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(CostOpportunityWorkflow.workflowId(id))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  @Test
  void givenASwitchSavingMoreThanTheMinimumWithMinimalImpact_itShouldApplyWatchAndMeasure(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(), List.of(), true);
    CostOpportunityWorkflow wf = start(env, client, worker, fake, "auto-1");
    long begin = env.currentTimeMillis();

    String outcome = wf.run(switchOf("auto-1", "50.01", "minimal"), POLICY);

    assertThat(outcome).isEqualTo("applied");
    assertThat(fake.calls)
        .containsExactly(
            "apply auto-1 by system:cost-optimization",
            "outcome applied",
            "check",
            "check",
            "check",
            "measure");
    assertThat(fake.measuredAt - fake.appliedAt)
        .as("measured the measure-after wait after applying")
        .isBetween(Duration.ofHours(24).toMillis(), Duration.ofHours(24).plusMinutes(1).toMillis());
    assertThat(fake.appliedAt).isLessThan(begin + 1_000);
    Histories.record(
        client, CostOpportunityWorkflow.workflowId("auto-1"), "cost-opportunity-auto-applied");
  }

  @Test
  void givenSavingsOfExactlyTheMinimum_itShouldAskForReviewAndApplyOnceApproved(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(), List.of(), true);
    CostOpportunityWorkflow wf = start(env, client, worker, fake, "review-1");
    WorkflowClient.start(wf::run, switchOf("review-1", "50.00", "minimal"), POLICY);

    until(() -> fake.calls.contains("review"));
    CostOpportunityState waiting = wf.state();
    assertThat(waiting.status()).isEqualTo("awaiting_review");
    assertThat(waiting.reviewExpiresAtMillis() - env.currentTimeMillis())
        .isBetween(Duration.ofHours(71).toMillis(), Duration.ofHours(72).toMillis());
    env.sleep(Duration.ofHours(10));
    wf.approve(new CostAnswer("ops-admin", "go"));
    wf.dismiss(new CostAnswer("someone-else", "too late"));

    String outcome = WorkflowStub.fromTyped(wf).getResult(String.class);

    assertThat(outcome).isEqualTo("applied");
    assertThat(fake.calls)
        .containsSubsequence(
            "mark awaiting_review by system:cost-optimization",
            "review",
            "apply review-1 by ops-admin",
            "outcome applied",
            "check",
            "measure")
        .noneMatch(c -> c.startsWith("mark dismissed"));
    Histories.record(
        client, CostOpportunityWorkflow.workflowId("review-1"), "cost-opportunity-approved");
  }

  @Test
  void givenADismissal_itShouldEndDismissedAndChangeNothing(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(), List.of(), true);
    CostOpportunityWorkflow wf = start(env, client, worker, fake, "dismiss-1");
    WorkflowClient.start(wf::run, switchOf("dismiss-1", "80", "moderate"), POLICY);

    until(() -> fake.calls.contains("review"));
    wf.dismiss(new CostAnswer("ops-admin", "telnyx is on probation"));

    assertThat(WorkflowStub.fromTyped(wf).getResult(String.class)).isEqualTo("dismissed");
    assertThat(fake.calls)
        .containsExactly(
            "mark awaiting_review by system:cost-optimization",
            "review",
            "mark dismissed by ops-admin",
            "outcome dismissed");
  }

  @Test
  void givenNoAnswer_itShouldExpireAtTheReviewExpiry(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(), List.of(), true);
    CostOpportunityWorkflow wf = start(env, client, worker, fake, "expire-1");
    long begin = env.currentTimeMillis();

    String outcome = wf.run(switchOf("expire-1", "500", "moderate"), POLICY);

    assertThat(outcome).isEqualTo("expired");
    assertThat(env.currentTimeMillis() - begin)
        .isGreaterThanOrEqualTo(Duration.ofHours(72).toMillis());
    assertThat(fake.calls)
        .containsExactly(
            "mark awaiting_review by system:cost-optimization",
            "review",
            "mark expired by system:cost-optimization",
            "outcome expired");
    Histories.record(
        client, CostOpportunityWorkflow.workflowId("expire-1"), "cost-opportunity-expired");
  }

  @Test
  void givenDeliveryDroppingAfterASwitch_itShouldRevertIt(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(
            List.of(),
            // Within the drop, then too few sends to judge, then a real drop.
            List.of(
                new SwitchQuality(100, 97.0, 99.0),
                new SwitchQuality(19, 50.0, 99.0),
                new SwitchQuality(40, 96.9, 99.0)),
            true);
    CostOpportunityWorkflow wf = start(env, client, worker, fake, "revert-1");

    String outcome = wf.run(switchOf("revert-1", "75", "minimal"), POLICY);

    assertThat(outcome).isEqualTo("reverted");
    assertThat(fake.calls).filteredOn(c -> c.equals("check")).hasSize(3);
    assertThat(fake.calls).noneMatch(c -> c.equals("measure"));
    assertThat(fake.calls.get(fake.calls.size() - 2))
        .isEqualTo(
            "revert: delivery 96.90% over 40 sends since the switch, under 99.00% before it less"
                + " 2.00 points");
    assertThat(fake.calls.get(fake.calls.size() - 1)).isEqualTo("outcome reverted");
    Histories.record(
        client, CostOpportunityWorkflow.workflowId("revert-1"), "cost-opportunity-reverted");
  }

  @Test
  void givenAChangeThatNoLongerApplies_itShouldEndFailedWithTheReason(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake = new Fake(List.of(), List.of(), false);
    CostOpportunityWorkflow wf = start(env, client, worker, fake, "failed-1");

    String outcome = wf.run(switchOf("failed-1", "75", "minimal"), POLICY);

    assertThat(outcome).isEqualTo("failed");
    assertThat(fake.calls)
        .containsExactly(
            "apply failed-1 by system:cost-optimization",
            "mark failed by system:cost-optimization",
            "outcome failed");
    assertThat(wf.state().detail()).isEqualTo("telnyx is failed over on sms");
  }

  @Test
  void givenNewOpportunities_theCycleShouldStartOneWorkflowEachAndEndWhileTheyWait(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(
            List.of(switchOf("cycle-a", "20", "minimal"), switchOf("cycle-b", "30", "minimal")),
            List.of(),
            true);
    worker.registerActivitiesImplementations(fake);
    env.start();
    CostOptimizationWorkflow cycle =
        client.newWorkflowStub(
            CostOptimizationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("cost-optimization-test")
                .setTaskQueue(worker.getTaskQueue())
                .build());

    int started = cycle.optimize();

    assertThat(started).isEqualTo(2);
    for (String id : List.of("cycle-a", "cycle-b")) {
      CostOpportunityWorkflow child =
          client.newWorkflowStub(
              CostOpportunityWorkflow.class, CostOpportunityWorkflow.workflowId(id));
      until(() -> "awaiting_review".equals(child.state().status()));
    }
    Histories.record(client, "cost-optimization-test", "cost-optimization-started");
  }
}
