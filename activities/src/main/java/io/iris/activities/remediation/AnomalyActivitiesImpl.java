package io.iris.activities.remediation;

import io.iris.activities.incident.IncidentOpener;
import io.iris.activities.remediation.AnomalyStore.Impact;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.remediation.AnomalyActivities;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.DetectionOutcome;
import io.iris.workflows.remediation.Finding;
import io.iris.workflows.remediation.Observations;
import io.temporal.client.WorkflowClient;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.OPERATIONS)
public class AnomalyActivitiesImpl implements AnomalyActivities {

  private static final Logger log = LoggerFactory.getLogger(AnomalyActivitiesImpl.class);

  private final AnomalyObserver observer;
  private final AnomalyStore store;
  private final IncidentOpener opener;
  private final Runbooks runbooks;
  private final RemediationSwitch remediationSwitch;
  private final WorkflowClient client;
  private final AnomalySettings settings;

  public AnomalyActivitiesImpl(
      AnomalyObserver observer,
      AnomalyStore store,
      IncidentOpener opener,
      Runbooks runbooks,
      RemediationSwitch remediationSwitch,
      WorkflowClient client,
      AnomalySettings settings) {
    this.observer = observer;
    this.store = store;
    this.opener = opener;
    this.runbooks = runbooks;
    this.remediationSwitch = remediationSwitch;
    this.client = client;
    this.settings = settings;
  }

  @Override
  public Observations observe(long nowMillis) {
    return observer.observe(Instant.ofEpochMilli(nowMillis));
  }

  @Override
  public DetectionOutcome record(long atMillis, List<Finding> findings) {
    Instant at = Instant.ofEpochMilli(atMillis);
    return store.record(
        at, findings, f -> impact(f, at), settings.clearAfter(), settings.retention());
  }

  /** What the finding affected, over the window its rule judged. */
  Impact impact(Finding f, Instant at) {
    Instant current = at.minus(settings.currentWindow());
    return switch (f.type()) {
      case DELIVERY_RATE_DROP, DELIVERY_RATE_ANOMALY, PROVIDER_OUTAGE ->
          store.failedOn(f.channel(), f.provider(), current, at);
      case LATENCY_SPIKE -> store.carriedBy(f.channel(), f.provider(), current, at);
      case COST_SPIKE -> store.ofChannel(f.channel(), at.minus(settings.costWindow()), at);
      case NOISY_NEIGHBOR_VOLUME -> new Impact((long) f.actual(), 1);
      case TASK_QUEUE_BACKLOG -> {
        // The waiting tasks, and the tenants of the sends accepted before the oldest started
        // waiting that are still unsent.
        long count = Long.parseLong(f.evidence().getOrDefault("backlogCount", "0"));
        Instant oldest = at.minus(Duration.ofMillis((long) f.actual()));
        Impact waiting = store.waiting(oldest.minus(Duration.ofDays(1)), oldest);
        yield new Impact(Math.max(count, waiting.messages()), waiting.tenants());
      }
    };
  }

  @Override
  public boolean remediable(AnomalyRef anomaly) {
    return remediationSwitch.enabled()
        && !runbooks
            .matching(anomaly.type().wireName(), anomaly.severity(), anomaly.channel())
            .isEmpty();
  }

  @Override
  public String openIncident(AnomalyRef anomaly) {
    UUID anomalyId = UUID.fromString(anomaly.anomalyId());
    var stored = store.find(anomalyId);
    if (stored.isPresent() && stored.get().incidentId() != null) {
      return stored.get().incidentId().toString(); // a retry: opened already
    }
    IncidentOpener.Opened opened = opener.openForAnomaly(anomaly);
    store.linkIncident(anomalyId, opened.incident().id());
    log.info(
        "anomaly {} {} incident {}",
        anomaly.dedupKey(),
        opened.attached() ? "attached to" : "opened",
        opened.incident().id());
    return opened.incident().id().toString();
  }

  @Override
  public void attachToIncident(String incidentId, AnomalyRef anomaly) {
    signal(incidentId, wf -> wf.attachAnomaly(anomaly));
  }

  @Override
  public void clearedFromIncident(String incidentId, String anomalyId) {
    signal(incidentId, wf -> wf.anomalyCleared(anomalyId));
  }

  private void signal(String incidentId, java.util.function.Consumer<IncidentWorkflow> signal) {
    WorkflowSignals.Outcome outcome =
        WorkflowSignals.signal(
            client, IncidentWorkflow.class, IncidentWorkflow.workflowId(incidentId), signal);
    if (outcome == WorkflowSignals.Outcome.ENDED) {
      log.debug("incident {} has ended: not told", incidentId);
    }
  }
}
