package io.iris.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The incident lifecycle against fake Slack, PagerDuty and records, with time skipping. */
class IncidentWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      registerSearchAttributes(TestWorkflowExtension.newBuilder())
          .registerWorkflowImplementationTypes(
              io.iris.workflows.common.TestDependencyRetry.OPTIONS, IncidentWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  static TestWorkflowExtension.Builder registerSearchAttributes(TestWorkflowExtension.Builder b) {
    SearchAttributes.ALL.forEach(
        key ->
            b.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return b;
  }

  static final class Slack implements SlackIncidentActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public SlackMessageRef postIncident(IncidentSnapshot incident) {
      if (failing) {
        throw ApplicationFailure.newNonRetryableFailure("channel_not_found", "SLACK_REJECTED");
      }
      calls.add("post " + incident.status().wireName());
      return new SlackMessageRef("C1", "1700000000.000100");
    }

    @Override
    public void updateIncident(SlackMessageRef message, IncidentSnapshot incident) {
      calls.add("update " + incident.status().wireName() + " L" + incident.escalationLevel());
    }

    @Override
    public void postToThread(SlackMessageRef message, String text) {
      calls.add("thread " + text);
    }
  }

  static final class PagerDuty implements PagerDutyActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void trigger(IncidentSnapshot incident) {
      calls.add("trigger " + incident.incidentId() + " " + incident.severity().pagerDutySeverity());
    }

    @Override
    public void acknowledge(IncidentSnapshot incident) {
      calls.add("acknowledge " + incident.incidentId());
    }

    @Override
    public void resolve(IncidentSnapshot incident) {
      calls.add("resolve " + incident.incidentId());
    }
  }

  static final class Records implements IncidentRecordActivities {
    final List<IncidentState> recorded = new CopyOnWriteArrayList<>();
    final List<String> closings = new CopyOnWriteArrayList<>();
    volatile Duration timeout = Duration.ofMinutes(15);

    @Override
    public EscalationPolicy escalationPolicy(Severity severity) {
      return new EscalationPolicy(
          List.of(
              new EscalationPolicy.EscalationLevel("primary", "<!subteam^S1>", true),
              new EscalationPolicy.EscalationLevel("secondary", "<!subteam^S2>", true),
              new EscalationPolicy.EscalationLevel("management", "", false)),
          timeout,
          1);
    }

    @Override
    public void recordIncident(IncidentState state) {
      recorded.add(state);
    }

    @Override
    public void recordClosing(
        String incidentId, long mttaMillis, long mttrMillis, String reviewDraft) {
      closings.add(
          mttaMillis + "/" + mttrMillis + "/" + (reviewDraft.isEmpty() ? "no-review" : "review"));
    }
  }

  Slack slack;
  PagerDuty pagerDuty;
  Records records;

  @BeforeEach
  void fakes() {
    slack = new Slack();
    pagerDuty = new PagerDuty();
    records = new Records();
  }

  static IncidentState opening(String id, Severity severity, long openedAt) {
    return new IncidentState(
        id,
        "db-1 disk 91%",
        severity,
        IncidentStatus.OPEN,
        "db",
        "",
        0,
        openedAt,
        0,
        "",
        0,
        "",
        "",
        Map.of(),
        "",
        "",
        0,
        0,
        List.of());
  }

  IncidentWorkflow start(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      String id,
      Severity severity) {
    worker.registerActivitiesImplementations(slack, pagerDuty, records);
    env.start();
    IncidentWorkflow wf =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IncidentWorkflow.workflowId(id))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, opening(id, severity, env.currentTimeMillis()));
    return wf;
  }

  static IncidentState result(WorkflowClient client, String id) {
    return WorkflowStub.fromTyped(
            client.newWorkflowStub(IncidentWorkflow.class, IncidentWorkflow.workflowId(id)))
        .getResult(IncidentState.class);
  }

  @Test
  void givenAnIncident_whenAcknowledgedAndResolved_itShouldNotifyRecordMttaMttrAndDraftAReview(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.CRITICAL);
    env.sleep(Duration.ofMinutes(2));
    wf.acknowledge(new Actor("U123 (ada)", "slack"));
    env.sleep(Duration.ofMinutes(3));
    wf.addNote(new Actor("ada", "api"), "failing over the primary");
    wf.resolve(new Actor("ada", "api"));

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(end.acknowledgedBy()).isEqualTo("U123 (ada) (slack)");
    assertThat(end.escalationLevel()).isZero();
    assertThat(pagerDuty.calls)
        .containsExactly("trigger " + id + " critical", "acknowledge " + id, "resolve " + id);
    assertThat(slack.calls.get(0)).isEqualTo("post open");
    assertThat(slack.calls)
        .anyMatch(c -> c.startsWith("thread :eyes: Acknowledged by U123"))
        .anyMatch(c -> c.contains("failing over the primary"))
        .anyMatch(c -> c.startsWith("update resolved"));
    assertThat(end.timeline())
        .extracting(IncidentEvent::event)
        .containsSubsequence(
            "opened", "notified", "acknowledged", "note", "resolved", "review_drafted");
    // MTTA 2 minutes, MTTR 5 minutes, and a review for a critical incident.
    assertThat(records.closings)
        .singleElement()
        .satisfies(
            c -> {
              String[] parts = c.split("/");
              assertThat(Long.parseLong(parts[0])).isBetween(120_000L, 121_000L);
              assertThat(Long.parseLong(parts[1])).isBetween(300_000L, 301_000L);
              assertThat(parts[2]).isEqualTo("review");
            });
    IncidentHistories.record(
        client, IncidentWorkflow.workflowId(id), "incident-acknowledged-resolved");
  }

  @Test
  void givenNoAcknowledgement_itShouldEscalateOnTimeLevelByLevel(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.CRITICAL);

    env.sleep(Duration.ofMinutes(14).plusSeconds(59));
    assertThat(wf.state().escalationLevel()).isZero();
    // A note in the meantime must not postpone the escalation.
    wf.addNote(new Actor("bob", "api"), "looking");
    env.sleep(Duration.ofSeconds(2));
    assertThat(wf.state().escalationLevel()).isEqualTo(1);
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.ESCALATED);

    env.sleep(Duration.ofMinutes(15));
    assertThat(wf.state().escalationLevel()).isEqualTo(2);
    wf.acknowledge(new Actor("carol", "pagerduty"));
    env.sleep(Duration.ofHours(2));
    assertThat(wf.state().escalationLevel()).as("no escalation once acknowledged").isEqualTo(2);
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    wf.resolve(new Actor("carol", "pagerduty"));

    IncidentState end = result(client, id);
    List<IncidentEvent> escalations =
        end.timeline().stream().filter(e -> e.event().equals("escalated")).toList();
    assertThat(escalations).hasSize(2);
    assertThat(escalations.get(1).atMillis() - escalations.get(0).atMillis())
        .as("the second level is called one timeout after the first, within a second")
        .isBetween(900_000L, 901_000L);
    assertThat(escalations.get(0).detail()).contains("<!subteam^S2>");
    // Level 1 pages through PagerDuty again, level 2 (management) only in Slack.
    assertThat(pagerDuty.calls).filteredOn(c -> c.startsWith("trigger")).hasSize(2);
    IncidentHistories.record(client, IncidentWorkflow.workflowId(id), "incident-escalated");
  }

  @Test
  void givenAManualEscalation_itShouldCallTheNextLevelAtOnce(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.MEDIUM);
    env.sleep(Duration.ofSeconds(5));
    wf.escalate(new Actor("U9", "slack"));
    env.sleep(Duration.ofSeconds(1));
    assertThat(wf.state().escalationLevel()).isEqualTo(1);
    assertThat(wf.timeline())
        .anyMatch(e -> e.event().equals("escalated") && e.actor().equals("U9 (slack)"));
    wf.resolve(new Actor("U9", "slack"));
    assertThat(result(client, id).status()).isEqualTo(IncidentStatus.RESOLVED);
  }

  @Test
  void givenAttachedAlerts_whenTheyAllResolve_theIncidentShouldResolve(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.HIGH);
    wf.attachAlert(new AlertUpdate("fp1", true, "disk"));
    wf.attachAlert(new AlertUpdate("fp2", true, "disk"));
    wf.attachAlert(new AlertUpdate("fp1", true, "disk")); // a repeat changes nothing
    wf.attachAlert(new AlertUpdate("fp1", false, "disk"));
    env.sleep(Duration.ofSeconds(5));
    assertThat(wf.state().status()).isNotEqualTo(IncidentStatus.RESOLVED);
    wf.attachAlert(new AlertUpdate("fp2", false, "disk"));

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(end.resolvedBy()).startsWith("alertmanager");
    assertThat(end.timeline()).filteredOn(e -> e.event().equals("alert_attached")).hasSize(2);
    IncidentHistories.record(client, IncidentWorkflow.workflowId(id), "incident-alerts-resolved");
  }

  @Test
  void givenSlackRejectingTheMessage_theIncidentShouldCarryOnAndSayWhy(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    slack.failing = true;
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.LOW);
    env.sleep(Duration.ofSeconds(5));
    wf.resolve(new Actor("ops", "api"));

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(end.timeline())
        .anyMatch(
            e ->
                e.event().equals("notification_failed")
                    && e.detail().contains("channel_not_found"));
    assertThat(pagerDuty.calls).contains("trigger " + id + " info", "resolve " + id);
    assertThat(records.closings)
        .singleElement()
        .satisfies(c -> assertThat(c).endsWith("no-review"));
  }

  @Test
  void givenALongIncident_itShouldContinueAsNewCarryingItsWholeState(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.LOW);
    String firstRun = WorkflowStub.fromTyped(wf).getExecution().getRunId();
    wf.acknowledge(new Actor("ada", "api"));
    for (int i = 0; i < 400; i++) {
      wf.addNote(new Actor("ada", "api"), "note " + i);
    }
    env.sleep(Duration.ofSeconds(5));
    IncidentWorkflow current =
        client.newWorkflowStub(IncidentWorkflow.class, IncidentWorkflow.workflowId(id));
    String currentRun = WorkflowStub.fromTyped(current).describe().getExecution().getRunId();
    assertThat(currentRun)
        .as("a new run after %s history events", IncidentWorkflowImpl.HISTORY_LIMIT)
        .isNotEqualTo(firstRun);
    IncidentState carried = current.state();
    assertThat(carried.acknowledgedBy()).isEqualTo("ada (api)");
    assertThat(carried.timeline()).filteredOn(e -> e.event().equals("note")).hasSize(400);
    current.resolve(new Actor("ada", "api"));
    assertThat(result(client, id).status()).isEqualTo(IncidentStatus.RESOLVED);
  }

  @Test
  void givenASignalThatComesWithTheStart_itsChangeShouldSurviveTheOpening(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    worker.registerActivitiesImplementations(slack, pagerDuty, records);
    env.start();
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IncidentWorkflow.workflowId(id))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    io.temporal.client.BatchRequest request = client.newSignalWithStartRequest();
    request.add(wf::run, opening(id, Severity.HIGH, env.currentTimeMillis()));
    request.add(wf::acknowledge, new Actor("U1", "slack"));
    client.signalWithStart(request);
    env.sleep(Duration.ofSeconds(2));

    assertThat(wf.state().acknowledgedBy()).isEqualTo("U1 (slack)");
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    wf.resolve(new Actor("U1", "slack"));
    assertThat(result(client, id).timeline())
        .extracting(IncidentEvent::event)
        .contains("opened", "acknowledged", "resolved");
  }
}
