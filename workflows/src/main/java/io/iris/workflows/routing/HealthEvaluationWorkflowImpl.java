package io.iris.workflows.routing;

import io.iris.workflows.send.Channel;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Registered on the operations task queue from the {@link
 * io.iris.workflows.common.WorkflowCatalog}; its activity options come from registration. The
 * scoring and the rules are pure workflow code; the activities only read, write and hand over.
 */
public class HealthEvaluationWorkflowImpl implements HealthEvaluationWorkflow {

  private static final Logger log = Workflow.getLogger(HealthEvaluationWorkflowImpl.class);

  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);

  @Override
  public List<FailoverRequest> evaluate() {
    EvaluationInput input = health.loadWindows(Workflow.currentTimeMillis());
    HealthScoring scoring = new HealthScoring(input.policy());
    List<ProviderScoreRow> rows = new ArrayList<>();
    Map<Channel, Map<String, HealthScore>> current = new EnumMap<>(Channel.class);
    for (EvaluationInput.ChannelWindows channel : input.channels()) {
      if (channel.providers().isEmpty()) {
        continue;
      }
      List<EvaluationInput.ProviderWindows> providers = channel.providers();
      Map<String, HealthScore> ranking =
          scoring.scoreChannel(
              providers.stream().map(EvaluationInput.ProviderWindows::ranking).toList());
      Map<String, HealthScore> now =
          scoring.scoreChannel(
              providers.stream().map(EvaluationInput.ProviderWindows::current).toList());
      current.put(channel.channel(), now);
      rows.addAll(
          rows(
              input,
              providers,
              ProviderScoreRow.Window.RANKING,
              ranking,
              EvaluationInput.ProviderWindows::ranking));
      rows.addAll(
          rows(
              input,
              providers,
              ProviderScoreRow.Window.CURRENT,
              now,
              EvaluationInput.ProviderWindows::current));
    }
    if (!rows.isEmpty()) {
      health.saveScores(rows);
    }
    List<FailoverRequest> requests = new ArrayList<>();
    for (FailoverRules.Hit hit : FailoverRules.evaluate(input, current)) {
      FailoverRequest request =
          new FailoverRequest(
              Workflow.randomUUID().toString(),
              hit.provider(),
              hit.channel(),
              hit.trigger(),
              hit.reason(),
              "",
              input.evaluatedAtMillis());
      log.info("failing {} over on {}: {}", hit.provider(), hit.channel().wireName(), hit.reason());
      health.requestFailover(request);
      requests.add(request);
    }
    health.maintainStorage(input.evaluatedAtMillis());
    return requests;
  }

  /**
   * One window's rows of a channel, ranked best first by overall score; ties keep the channel's
   * configured order.
   */
  static List<ProviderScoreRow> rows(
      EvaluationInput input,
      List<EvaluationInput.ProviderWindows> providers,
      ProviderScoreRow.Window window,
      Map<String, HealthScore> scores,
      Function<EvaluationInput.ProviderWindows, ProviderMetrics> figures) {
    List<EvaluationInput.ProviderWindows> ranked = new ArrayList<>(providers);
    // List.sort is stable: equal scores stay in the configured order.
    ranked.sort(
        Comparator.comparingDouble(
                (EvaluationInput.ProviderWindows p) -> scores.get(p.provider()).overall())
            .reversed());
    List<ProviderScoreRow> rows = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      EvaluationInput.ProviderWindows p = ranked.get(i);
      long start =
          window == ProviderScoreRow.Window.RANKING
              ? input.rankingWindowStartMillis()
              : input.currentWindowStartMillis(p);
      rows.add(
          new ProviderScoreRow(
              input.evaluatedAtMillis(),
              window,
              start,
              figures.apply(p),
              scores.get(p.provider()),
              i + 1));
    }
    return rows;
  }
}
