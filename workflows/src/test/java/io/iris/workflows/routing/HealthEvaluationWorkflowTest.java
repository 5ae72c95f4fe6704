package io.iris.workflows.routing;

import static io.iris.workflows.routing.HealthFixtures.DAY;
import static io.iris.workflows.routing.HealthFixtures.FIVE_MINUTES;
import static io.iris.workflows.routing.HealthFixtures.RULES;
import static io.iris.workflows.routing.HealthFixtures.healthy;
import static io.iris.workflows.routing.HealthFixtures.outage;
import static io.iris.workflows.routing.HealthFixtures.same;
import static io.iris.workflows.routing.HealthFixtures.sms;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.iris.workflows.routing.EvaluationInput.ChannelWindows;
import io.iris.workflows.routing.EvaluationInput.ProviderWindows;
import io.iris.workflows.send.Channel;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One health evaluation against fake activities: what it scores, saves and fails over. */
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HealthEvaluationWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  /** Answers loadWindows with a fixed input (its time replaced by the one asked for). */
  static final class Fake implements HealthActivities {
    final EvaluationInput input;
    final List<ProviderScoreRow> saved = new CopyOnWriteArrayList<>();
    final List<FailoverRequest> requested = new CopyOnWriteArrayList<>();
    final List<Long> maintained = new CopyOnWriteArrayList<>();
    volatile long askedAt;

    Fake(EvaluationInput input) {
      this.input = input;
    }

    @Override
    public EvaluationInput loadWindows(long nowMillis) {
      askedAt = nowMillis;
      return new EvaluationInput(
          nowMillis,
          input.rankingWindowMillis(),
          input.currentWindowMillis(),
          input.policy(),
          input.rules(),
          input.channels());
    }

    @Override
    public void saveScores(List<ProviderScoreRow> rows) {
      saved.addAll(rows);
    }

    @Override
    public void requestFailover(FailoverRequest request) {
      requested.add(request);
    }

    @Override
    public void maintainStorage(long nowMillis) {
      maintained.add(nowMillis);
    }
  }

  private static List<FailoverRequest> run(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Fake fake) {
    worker.registerActivitiesImplementations(fake);
    env.start();
    HealthEvaluationWorkflow wf =
        client.newWorkflowStub(
            HealthEvaluationWorkflow.class,
            HealthEvaluationStart.options().toBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return wf.evaluate();
  }

  @Test
  void givenThreeProviders_whenEvaluated_itShouldSaveHealthScoringsScoresRankedPerWindow(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    ProviderMetrics twilio = sms("twilio", 1000, 990, 200, "99.9");
    ProviderMetrics telnyx = healthy("telnyx");
    ProviderMetrics plivo = sms("plivo", 1000, 999, 450, "99.99");
    ProviderMetrics twilioNow = sms("twilio", 50, 48, 900, "98");
    ProviderWindows recovering =
        new ProviderWindows(twilio, twilioNow, twilioNow, ProviderStatus.RECOVERING, 0);
    Fake fake =
        new Fake(
            new EvaluationInput(
                HealthFixtures.NOW,
                DAY,
                FIVE_MINUTES,
                RoutingPolicy.DEFAULTS,
                RULES,
                List.of(
                    new ChannelWindows(
                        Channel.SMS,
                        List.of(
                            recovering,
                            same(telnyx, ProviderStatus.HEALTHY),
                            same(plivo, ProviderStatus.HEALTHY))),
                    new ChannelWindows(Channel.EMAIL, List.of()))));

    List<FailoverRequest> failovers = run(env, client, worker, fake);

    HealthScoring scoring = new HealthScoring(RoutingPolicy.DEFAULTS);
    Map<String, HealthScore> ranking = scoring.scoreChannel(List.of(twilio, telnyx, plivo));
    Map<String, HealthScore> current = scoring.scoreChannel(List.of(twilioNow, telnyx, plivo));
    long at = fake.askedAt;
    assertThat(fake.saved).hasSize(6);
    for (ProviderScoreRow row : fake.saved) {
      Map<String, HealthScore> expected =
          row.window() == ProviderScoreRow.Window.RANKING ? ranking : current;
      assertThat(row.score())
          .as("%s %s", row.metrics().provider(), row.window())
          .isEqualTo(expected.get(row.metrics().provider()));
      assertThat(row.evaluatedAtMillis()).isEqualTo(at);
      assertThat(row.windowStartMillis())
          .isEqualTo(at - (row.window() == ProviderScoreRow.Window.RANKING ? DAY : FIVE_MINUTES));
    }
    assertThat(
            fake.saved.stream()
                .filter(r -> r.window() == ProviderScoreRow.Window.RANKING)
                .map(r -> r.rank() + " " + r.metrics().provider())
                .toList())
        .as("best first")
        .containsExactlyElementsOf(ranked(ranking));
    assertThat(
            fake.saved.stream()
                .filter(r -> r.window() == ProviderScoreRow.Window.CURRENT)
                .map(r -> r.rank() + " " + r.metrics().provider())
                .toList())
        .containsExactlyElementsOf(ranked(current));
    assertThat(current.get("twilio").overall())
        .as("degraded, yet above the score rule")
        .isBetween(60.0, 90.0);
    assertThat(failovers).isEmpty();
    assertThat(fake.maintained).containsExactly(at);
    Histories.record(client, HealthEvaluationWorkflow.SCHEDULE_ID, "health-evaluated");
  }

  private static List<String> ranked(Map<String, HealthScore> scores) {
    List<String> names =
        scores.entrySet().stream()
            .sorted((a, b) -> Double.compare(b.getValue().overall(), a.getValue().overall()))
            .map(Map.Entry::getKey)
            .toList();
    return java.util.stream.IntStream.range(0, names.size())
        .mapToObj(i -> (i + 1) + " " + names.get(i))
        .toList();
  }

  @Test
  void givenAnOutageOverMoreThanTheMinimumAttempts_whenEvaluated_itShouldRequestOneFailover(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(
            HealthFixtures.input(
                RULES,
                outage(sms("twilio", 101, 80, 80, "100")),
                outage(sms("telnyx", 100, 0, 80, "100")),
                same(healthy("plivo"), ProviderStatus.HEALTHY)));

    List<FailoverRequest> failovers = run(env, client, worker, fake);

    assertThat(fake.requested).isEqualTo(failovers);
    assertThat(failovers)
        .as("twilio: 101 attempts; telnyx's 100 are not more than the minimum")
        .hasSize(1);
    FailoverRequest r = failovers.get(0);
    assertThat(r.provider()).isEqualTo("twilio");
    assertThat(r.channel()).isEqualTo(Channel.SMS);
    assertThat(r.trigger()).isEqualTo(FailoverTrigger.OUTAGE);
    assertThat(r.reason()).contains("79.21% delivered over 101 attempts");
    assertThat(r.actorKeyId()).isEmpty();
    assertThat(r.atMillis()).isEqualTo(fake.askedAt);
    assertThat(r.failoverId()).hasSize(36);
    Histories.record(client, HealthEvaluationWorkflow.SCHEDULE_ID, "health-outage-failover");
  }

  @Test
  void givenScoresOfSixtyAndJustUnder_whenEvaluated_itShouldFailOverOnlyTheOneUnder(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Fake fake =
        new Fake(
            HealthFixtures.input(
                RULES,
                HealthFixtures.current(HealthFixtures.scoringSixty("twilio")),
                HealthFixtures.current(HealthFixtures.scoringJustUnderSixty("telnyx")),
                same(healthy("plivo"), ProviderStatus.HEALTHY)));

    List<FailoverRequest> failovers = run(env, client, worker, fake);

    assertThat(failovers).extracting(FailoverRequest::provider).containsExactly("telnyx");
    assertThat(failovers.get(0).trigger()).isEqualTo(FailoverTrigger.SCORE);
  }

  @Test
  void givenTheLastUsableProviderDown_whenEvaluated_itShouldNotFailItOver(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    ProviderWindows down = outage(sms("twilio", 500, 0, 80, "0"));
    ProviderWindows alsoDown = outage(sms("telnyx", 500, 10, 80, "0"));
    Fake fake = new Fake(HealthFixtures.input(RULES, down, alsoDown));

    List<FailoverRequest> failovers = run(env, client, worker, fake);

    assertThat(failovers).extracting(FailoverRequest::provider).containsExactly("twilio");
    assertThat(fake.saved).hasSize(4);
  }
}
