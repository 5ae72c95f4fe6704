package io.iris.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incident lifecycle against fake Slack, PagerDuty and records, with time skipping. Every
 * transition is checked against what the record activity was last given (the stored row), not only
 * against the workflow's own state.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IncidentWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      registerSearchAttributes(TestWorkflowExtension.newBuilder())
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  static TestWorkflowExtension.Builder registerSearchAttributes(TestWorkflowExtension.Builder b) {
    SearchAttributes.ALL.forEach(
        key ->
            b.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return b;
  }

  /**
   * The test server's (skipped) time, for the fakes; an activity's own timestamps will not do (a
   * local activity's are the worker's real clock).
   */
  static volatile LongSupplier clock;

  static long now() {
    return clock.getAsLong();
  }

  static final class Slack implements SlackIncidentActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    /** Counted down when the incident message is being posted. */
    final CountDownLatch posting = new CountDownLatch(1);

    /** The post answers once this is counted down (at once, unless a test holds it). */
    volatile CountDownLatch postAnswers = new CountDownLatch(0);

    @Override
    public SlackMessageRef postIncident(IncidentSnapshot incident) {
      posting.countDown();
      try {
        postAnswers.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

    /** When each page (trigger) went out. */
    final List<Long> triggeredAt = new CopyOnWriteArrayList<>();

    @Override
    public void trigger(IncidentSnapshot incident) {
      triggeredAt.add(now());
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

  /** The incident's rows: what each write was given, and a database that can be down. */
  static final class Records implements IncidentRecordActivities {
    final List<IncidentState> recorded = new CopyOnWriteArrayList<>();
    final List<String> closings = new CopyOnWriteArrayList<>();
    volatile Duration timeout = Duration.ofMinutes(15);

    /** Writes attempted in [downFrom, downUntil) fail (test-server time). */
    volatile long downFrom = Long.MAX_VALUE;

    volatile long downUntil = Long.MAX_VALUE;

    /** Fail for good (non-retryable) rather than as a database that refuses connections. */
    volatile boolean downForGood;

    final List<Long> failedAt = new CopyOnWriteArrayList<>();

    /** While set, every write hangs (as on a database that stopped answering) until released. */
    volatile CountDownLatch hangUntil;

    void down(long from, long until, boolean forGood) {
      downForGood = forGood;
      downUntil = until;
      downFrom = from;
    }

    private void write() {
      CountDownLatch hang = hangUntil;
      if (hang != null) {
        try {
          hang.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      long at = now();
      if (at >= downFrom && at < downUntil) {
        failedAt.add(at);
        if (downForGood) {
          throw ApplicationFailure.newNonRetryableFailure("database rejects it", "DB_REJECTED");
        }
        throw new IllegalStateException("Connection to 127.0.0.1:5432 refused");
      }
    }

    /** What the row was last given. */
    IncidentState stored() {
      assertThat(recorded).as("rows written").isNotEmpty();
      return recorded.get(recorded.size() - 1);
    }

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
      write();
      recorded.add(state);
    }

    /** What {@link #remediationPlan} answers (nothing matches, unless a test says otherwise). */
    volatile io.iris.workflows.remediation.RemediationPlan plan =
        new io.iris.workflows.remediation.RemediationPlan(List.of(), null);

    final List<String> planRequests = new CopyOnWriteArrayList<>();

    @Override
    public io.iris.workflows.remediation.RemediationPlan remediationPlan(
        String type, Severity severity, String channel) {
      planRequests.add(type + " " + severity.wireName() + " " + channel);
      return plan;
    }

    @Override
    public void recordClosing(
        String incidentId, long mttaMillis, long mttrMillis, String reviewDraft) {
      write();
      closings.add(
          mttaMillis + "/" + mttrMillis + "/" + (reviewDraft.isEmpty() ? "no-review" : "review"));
    }
  }

  Slack slack;
  PagerDuty pagerDuty;
  Records records;
  long openedAt;

  @BeforeEach
  void fakes(TestWorkflowEnvironment env) {
    clock = env::currentTimeMillis;
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
            IncidentStart.options(id, severity).toBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .build());
    openedAt = env.currentTimeMillis();
    WorkflowClient.start(wf::run, opening(id, severity, openedAt));
    return wf;
  }

  /** Once the writes have settled, the stored row is exactly the workflow's state. */
  IncidentState assertStored(TestWorkflowEnvironment env, IncidentWorkflow wf) {
    env.sleep(Duration.ofSeconds(1));
    IncidentState state = wf.state();
    assertThat(records.stored()).as("what the row was last given").isEqualTo(state);
    return state;
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
    assertThat(records.stored()).as("the row once resolved").isEqualTo(end);
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
    Histories.record(
        client, IncidentWorkflow.workflowId(id), "incident-write-behind-acknowledged-resolved");
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
    assertThat(assertStored(env, wf).status()).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(pagerDuty.triggeredAt.get(1) - openedAt)
        .as("the page of level 1 goes out at the due time")
        .isBetween(900_000L, 901_000L);

    env.sleep(Duration.ofMinutes(15));
    assertThat(wf.state().escalationLevel()).isEqualTo(2);
    assertThat(assertStored(env, wf).escalationLevel()).isEqualTo(2);
    wf.acknowledge(new Actor("carol", "pagerduty"));
    env.sleep(Duration.ofHours(2));
    assertThat(wf.state().escalationLevel()).as("no escalation once acknowledged").isEqualTo(2);
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(assertStored(env, wf).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
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
    Histories.record(client, IncidentWorkflow.workflowId(id), "incident-write-behind-escalated");
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
    IncidentState stored = assertStored(env, wf);
    assertThat(stored.status()).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(stored.escalationLevel()).isEqualTo(1);
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
    assertThat(assertStored(env, wf).alerts())
        .containsExactly(Map.entry("fp1", false), Map.entry("fp2", true));
    wf.attachAlert(new AlertUpdate("fp2", false, "disk"));

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(records.stored()).as("the row once resolved by its alerts").isEqualTo(end);
    assertThat(end.resolvedBy()).startsWith("alertmanager");
    assertThat(end.timeline()).filteredOn(e -> e.event().equals("alert_attached")).hasSize(2);
    Histories.record(
        client, IncidentWorkflow.workflowId(id), "incident-write-behind-alerts-resolved");
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
    IncidentWorkflow current =
        client.newWorkflowStub(IncidentWorkflow.class, IncidentWorkflow.workflowId(id));
    // Time is skipped only while nothing runs: the 400 notes take real time on a loaded machine.
    String currentRun = firstRun;
    for (int i = 0; i < 60 && currentRun.equals(firstRun); i++) {
      env.sleep(Duration.ofSeconds(1));
      currentRun = WorkflowStub.fromTyped(current).describe().getExecution().getRunId();
    }
    assertThat(currentRun)
        .as("a new run after %s history events", IncidentWorkflowImpl.HISTORY_LIMIT)
        .isNotEqualTo(firstRun);
    IncidentState carried = assertStored(env, current);
    assertThat(carried.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
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
            IncidentStart.options(id, Severity.HIGH).toBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .build());
    io.temporal.client.BatchRequest request = client.newSignalWithStartRequest();
    request.add(wf::run, opening(id, Severity.HIGH, env.currentTimeMillis()));
    request.add(wf::acknowledge, new Actor("U1", "slack"));
    client.signalWithStart(request);
    env.sleep(Duration.ofSeconds(2));

    assertThat(wf.state().acknowledgedBy()).isEqualTo("U1 (slack)");
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(assertStored(env, wf).status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    wf.resolve(new Actor("U1", "slack"));
    assertThat(result(client, id).timeline())
        .extracting(IncidentEvent::event)
        .contains("opened", "acknowledged", "resolved");
  }

  @Test
  void givenANewIncident_whenOpened_itShouldStoreTheOpeningAsItIs(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.HIGH);
    IncidentState stored = assertStored(env, wf);
    assertThat(stored.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(stored.timeline())
        .extracting(IncidentEvent::event)
        .containsExactly("opened", "notified");
    assertThat(stored.slackTs()).isNotEmpty();
    wf.resolve(new Actor("ops", "api"));
    assertThat(result(client, id)).isEqualTo(records.stored());
  }

  @Test
  void givenAnAcknowledgementDuringTheOpening_whenTheOpeningEnds_itShouldStoreItAcknowledged(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    // The Slack message is being posted when the acknowledgement comes (a click within the first
    // second): the row must not stay "open" with acknowledgedBy set.
    slack.postAnswers = new CountDownLatch(1);
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.CRITICAL);
    assertThat(slack.posting.await(30, TimeUnit.SECONDS)).isTrue();
    wf.acknowledge(new Actor("U1 (ada)", "slack"));
    slack.postAnswers.countDown();

    IncidentState stored = assertStored(env, wf);
    assertThat(stored.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(stored.acknowledgedBy()).isEqualTo("U1 (ada) (slack)");
    env.sleep(Duration.ofMinutes(20));
    assertThat(wf.state().escalationLevel()).as("no escalation once acknowledged").isZero();
    assertThat(pagerDuty.calls).containsExactly("trigger " + id + " critical", "acknowledge " + id);
    wf.resolve(new Actor("U1 (ada)", "slack"));
    assertThat(result(client, id)).isEqualTo(records.stored());
    Histories.record(
        client, IncidentWorkflow.workflowId(id), "incident-write-behind-acknowledged-opening");
  }

  @Test
  void givenAnOpenIncident_whenAcknowledgedLater_itShouldStoreItAcknowledged(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.MEDIUM);
    env.sleep(Duration.ofMinutes(3));
    wf.acknowledge(new Actor("ada", "api"));
    IncidentState stored = assertStored(env, wf);
    assertThat(stored.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(stored.acknowledgedAtMillis() - openedAt).isBetween(180_000L, 181_000L);
    wf.resolve(new Actor("ada", "api"));
    result(client, id);
  }

  @Test
  void givenAnOpenIncident_whenAssignedOrNoted_itShouldStoreEach(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.LOW);
    env.sleep(Duration.ofSeconds(5));
    wf.assign(new Actor("ops", "api"), "bob");
    assertThat(assertStored(env, wf).assignee()).isEqualTo("bob");
    wf.addNote(new Actor("bob", "api"), "rebooting db-1");
    assertThat(assertStored(env, wf).timeline())
        .anyMatch(e -> e.event().equals("note") && e.detail().equals("rebooting db-1"));
    wf.resolve(new Actor("bob", "api"));
    assertThat(result(client, id)).isEqualTo(records.stored());
  }

  @Test
  void givenTheDatabaseDownFromBeforeTheDueTime_itShouldPageOnTimeAndStoreItOnceBack(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.CRITICAL);
    // Down from the 1st minute to the 25th; the level-1 escalation is due at the 15th.
    records.down(openedAt + 60_000, openedAt + 25 * 60_000, false);
    env.sleep(Duration.ofMinutes(5));
    wf.addNote(new Actor("bob", "api"), "db-1 unreachable"); // a write that cannot be made

    env.sleep(Duration.ofMinutes(10).plusSeconds(5));
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(pagerDuty.triggeredAt).hasSize(2);
    assertThat(pagerDuty.triggeredAt.get(1) - openedAt)
        .as("the page goes out at the due time while the database is down")
        .isBetween(900_000L, 901_000L);
    assertThat(slack.calls).contains("update escalated L1");
    assertThat(slack.calls).anyMatch(c -> c.startsWith("thread :rotating_light: Escalated"));
    assertThat(records.failedAt).isNotEmpty();
    assertThat(records.stored().status())
        .as("nothing stored while down")
        .isEqualTo(IncidentStatus.OPEN);

    env.sleep(Duration.ofMinutes(11)); // the database is back at the 25th minute
    IncidentState stored = assertStored(env, wf);
    assertThat(stored.status()).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(stored.escalationLevel()).isEqualTo(1);
    assertThat(stored.timeline()).extracting(IncidentEvent::event).contains("note", "escalated");
    assertThat(WorkflowStub.fromTyped(wf).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    wf.resolve(new Actor("bob", "api"));
    assertThat(result(client, id)).isEqualTo(records.stored());
    Histories.record(
        client, IncidentWorkflow.workflowId(id), "incident-write-behind-database-down");
  }

  @Test
  void givenRowWritesFailingForGoodForAWhile_theIncidentShouldCarryOnAndStoreAllOnceTheyWork(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.HIGH);
    records.down(openedAt + 60_000, openedAt + 10 * 60_000, true);
    env.sleep(Duration.ofMinutes(2));
    wf.addNote(new Actor("bob", "api"), "failing over");
    env.sleep(Duration.ofMinutes(1));
    wf.resolve(new Actor("bob", "api"));

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(records.failedAt).isNotEmpty();
    assertThat(records.failedAt.get(records.failedAt.size() - 1) - openedAt)
        .isLessThan(10 * 60_000L);
    assertThat(records.stored()).as("the row once the database takes writes again").isEqualTo(end);
    assertThat(records.closings).singleElement().satisfies(c -> assertThat(c).endsWith("/review"));
    assertThat(pagerDuty.calls).containsExactly("trigger " + id + " error", "resolve " + id);
  }

  @Test
  void givenARowWriteHangingThroughTheDueTime_itShouldPageOnTimeAndStoreItOnceItAnswers(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    // Seconds, not minutes: while a write hangs the test server cannot skip time.
    records.timeout = Duration.ofSeconds(8);
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.CRITICAL);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (records.recorded.stream().noneMatch(r -> r.timeline().size() >= 2)
        && System.nanoTime() < deadline) {
      Thread.sleep(50); // the opening, stored (a cold JVM takes seconds over it)
    }
    records.hangUntil = new CountDownLatch(1);
    wf.addNote(new Actor("bob", "api"), "db-1 slow"); // its write hangs

    env.sleep(Duration.ofMillis(openedAt + 9_500 - env.currentTimeMillis()));
    assertThat(pagerDuty.triggeredAt).hasSize(2);
    assertThat(pagerDuty.triggeredAt.get(1) - openedAt)
        .as("the page goes out at the due time while a write hangs")
        .isBetween(8_000L, 9_000L);
    assertThat(slack.calls).contains("update escalated L1");
    assertThat(records.stored().status()).isEqualTo(IncidentStatus.OPEN);

    records.hangUntil.countDown();
    records.hangUntil = null;
    IncidentState stored = assertStored(env, wf);
    assertThat(stored.status()).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(stored.timeline()).extracting(IncidentEvent::event).contains("note", "escalated");
    wf.resolve(new Actor("bob", "api"));
    assertThat(result(client, id)).isEqualTo(records.stored());
  }
}
