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

  // Auto-remediation (since incident-remediation).

  /** The remediation children's activities: each runbook's fresh delivery rate decides it. */
  static final class Remediations
      implements io.iris.workflows.remediation.RemediationActivities,
          io.iris.workflows.remediation.SlackRemediationActivities {
    final Map<String, Double> rateByRunbook = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<io.iris.workflows.remediation.RemediationRecord> runs = new CopyOnWriteArrayList<>();
    final Map<String, String> runbookOfMark = new java.util.concurrent.ConcurrentHashMap<>();
    final List<io.iris.workflows.remediation.AnomalyRef> targets = new CopyOnWriteArrayList<>();

    @Override
    public io.iris.workflows.remediation.ScopeMetrics measure(
        io.iris.workflows.remediation.AnomalyRef target,
        io.iris.workflows.remediation.VerifyCondition.Scope scope) {
      return new io.iris.workflows.remediation.ScopeMetrics(
          scope, 0, 0, 300, Map.of("delivery_rate_percent", 40.0));
    }

    @Override
    public io.iris.workflows.remediation.MetricsMark mark(
        io.iris.workflows.remediation.AnomalyRef target,
        io.iris.workflows.remediation.VerifyCondition.Scope scope) {
      String runbook =
          io.temporal.activity.Activity.getExecutionContext().getInfo().getWorkflowId();
      return new io.iris.workflows.remediation.MetricsMark(scope, now(), runbook);
    }

    @Override
    public io.iris.workflows.remediation.ScopeMetrics measureSince(
        io.iris.workflows.remediation.AnomalyRef target,
        io.iris.workflows.remediation.MetricsMark mark) {
      double rate =
          rateByRunbook.entrySet().stream()
              .filter(e -> mark.state().endsWith("-" + e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(99.5);
      return new io.iris.workflows.remediation.ScopeMetrics(
          mark.scope(), mark.atMillis(), now(), 120, Map.of("delivery_rate_percent", rate));
    }

    @Override
    public io.iris.workflows.remediation.StepResult perform(
        io.iris.workflows.remediation.StepCommand command) {
      calls.add("perform " + command.runbook() + " " + command.step().action().wireName());
      targets.add(command.target());
      return new io.iris.workflows.remediation.StepResult(
          command.step().action(),
          io.iris.workflows.remediation.StepOutcome.APPLIED,
          "failed over twilio on sms",
          Map.of("failoverId", "f-1"));
    }

    @Override
    public io.iris.workflows.remediation.StepResult undo(
        io.iris.workflows.remediation.StepCommand command) {
      calls.add("undo " + command.runbook() + " " + command.step().action().wireName());
      return new io.iris.workflows.remediation.StepResult(
          command.step().action(),
          io.iris.workflows.remediation.StepOutcome.ROLLED_BACK,
          "restored",
          null);
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public void recordRun(io.iris.workflows.remediation.RemediationRecord record) {
      runs.add(record);
    }

    @Override
    public void recordLog(io.iris.workflows.remediation.RemediationLogEntry entry) {}

    @Override
    public SlackMessageRef postApproval(io.iris.workflows.remediation.ApprovalRequest request) {
      return new SlackMessageRef("C1", "1700000000.000300");
    }

    @Override
    public void updateApproval(
        SlackMessageRef message,
        io.iris.workflows.remediation.ApprovalRequest request,
        String outcome) {}
  }

  static final io.iris.workflows.remediation.RemediationPolicy POLICY =
      new io.iris.workflows.remediation.RemediationPolicy(
          Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofMinutes(15));

  static io.iris.workflows.remediation.Runbook runbook(String name) {
    return new io.iris.workflows.remediation.Runbook(
        name,
        "fail the provider over",
        new io.iris.workflows.remediation.Runbook.Trigger(
            List.of("provider_outage"), Severity.HIGH, List.of("sms")),
        10,
        false,
        List.of(
            new io.iris.workflows.remediation.RunbookStep(
                io.iris.workflows.remediation.RemediationAction.FAILOVER, Map.of(), 0)),
        null,
        new io.iris.workflows.remediation.VerifyCondition(
            io.iris.workflows.remediation.VerifyCondition.Scope.CHANNEL,
            20,
            false,
            List.of(
                new io.iris.workflows.remediation.VerifyCondition.Expression(
                    io.iris.workflows.remediation.VerifyCondition.Metric.DELIVERY_RATE_PERCENT,
                    io.iris.workflows.remediation.VerifyCondition.Comparison.GE,
                    98,
                    false)),
            List.of()),
        null,
        "runbooks/" + name + ".yaml",
        "sha-" + name);
  }

  static io.iris.workflows.remediation.AnomalyRef anomaly(long detectedAt) {
    return new io.iris.workflows.remediation.AnomalyRef(
        "0b7c3c1e-0000-4000-8000-000000000001",
        io.iris.workflows.remediation.AnomalyType.PROVIDER_OUTAGE,
        Severity.CRITICAL,
        "provider_outage:sms:twilio",
        "sms",
        "twilio",
        "",
        "",
        98.0,
        40.0,
        -59.2,
        "percent",
        "40% delivered over 150 attempts",
        detectedAt);
  }

  Remediations remediations;

  /** An anomaly-opened incident of type provider_outage, with children on the incident queue. */
  IncidentWorkflow startTyped(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, String id, String... rb) {
    IncidentWorkflow wf = withChildren(env, client, worker, id, rb);
    io.iris.workflows.remediation.AnomalyRef ref = anomaly(openedAt - 5_000);
    io.temporal.client.BatchRequest request = client.newSignalWithStartRequest();
    request.add(
        wf::run, typed(id, "provider_outage on sms/twilio", "provider_outage", List.of(ref), null));
    request.add(wf::attachAnomaly, ref);
    client.signalWithStart(request);
    return wf;
  }

  /** An Alertmanager incident (no anomaly) typed by its alert, with the scope its labels gave. */
  IncidentWorkflow startAlert(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      String id,
      io.iris.workflows.remediation.AnomalyRef scope,
      String... rb) {
    IncidentWorkflow wf = withChildren(env, client, worker, id, rb);
    WorkflowClient.start(
        wf::run, typed(id, "Twilio errors", "alertmanager:TwilioErrors", List.of(), scope));
    return wf;
  }

  /** The plan of these runbooks, the remediation children's worker, and the incident's stub. */
  private IncidentWorkflow withChildren(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, String id, String... rb) {
    records.plan =
        new io.iris.workflows.remediation.RemediationPlan(
            java.util.Arrays.stream(rb).map(IncidentWorkflowTest::runbook).toList(), POLICY);
    remediations = new Remediations();
    worker.registerActivitiesImplementations(slack, pagerDuty, records, remediations);
    Worker children = env.newWorker(io.iris.workflows.common.TaskQueues.INCIDENT);
    children.registerWorkflowImplementationTypes(
        TestDependencyRetry.OPTIONS, io.iris.workflows.remediation.RemediationWorkflowImpl.class);
    children.registerActivitiesImplementations(remediations);
    env.start();
    openedAt = env.currentTimeMillis();
    return client.newWorkflowStub(
        IncidentWorkflow.class,
        IncidentStart.options(id, Severity.CRITICAL).toBuilder()
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  /** A critical incident of a type, opened now. */
  private IncidentState typed(
      String id,
      String title,
      String type,
      List<io.iris.workflows.remediation.AnomalyRef> anomalies,
      io.iris.workflows.remediation.AnomalyRef scope) {
    IncidentState o = opening(id, Severity.CRITICAL, openedAt);
    return new IncidentState(
        o.incidentId(),
        title,
        o.severity(),
        o.status(),
        "sms",
        o.description(),
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
        List.of(),
        type,
        anomalies,
        List.of(),
        null,
        scope);
  }

  @Test
  void givenAnAlertIncidentWithAScope_whenARunbookMatches_itShouldActOnItAndResolveItself(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    io.iris.workflows.remediation.AnomalyRef scope =
        io.iris.workflows.remediation.AnomalyRef.ofIncident(
            "alertmanager:TwilioErrors",
            Severity.CRITICAL,
            "alertmanager:{}:{alertname=\"TwilioErrors\"}",
            "sms",
            "twilio",
            "",
            "",
            0);
    startAlert(env, client, worker, id, scope, "provider-failover");

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(end.resolvedBy()).isEqualTo("remediation (provider-failover)");
    assertThat(pagerDuty.calls).as("PagerDuty never reached").isEmpty();
    assertThat(records.planRequests).containsExactly("alertmanager:TwilioErrors critical sms");
    assertThat(remediations.targets)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.incidentScope()).isTrue();
              assertThat(t.channel()).isEqualTo("sms");
              assertThat(t.provider()).isEqualTo("twilio");
              assertThat(t.kind()).isEqualTo("alertmanager:TwilioErrors");
            });
    assertThat(end.timeline())
        .extracting(IncidentEvent::event)
        .containsSubsequence(
            "opened",
            "remediation_scope",
            "notified",
            "remediation_started",
            "remediation_step",
            "remediation_verified",
            "resolved")
        .doesNotContain("remediation_skipped", "paged");
    assertThat(end.timeline())
        .filteredOn(e -> e.event().equals("remediation_scope"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.detail())
                    .isEqualTo(
                        "runbooks match alertmanager:TwilioErrors and act on channel sms,"
                            + " provider twilio"));
    assertThat(end.scope()).isEqualTo(scope);
    assertThat(records.stored()).isEqualTo(end);
    Histories.record(client, IncidentWorkflow.workflowId(id), "incident-remediation-alert-scope");
  }

  @Test
  void givenAnAlertIncidentWithNoScope_itShouldStillRunItsRunbooksOnAnEmptyScope(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    startAlert(env, client, worker, id, null, "provider-failover");
    IncidentState end = result(client, id);
    assertThat(records.planRequests).containsExactly("alertmanager:TwilioErrors critical ");
    assertThat(remediations.targets)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.incidentScope()).isTrue();
              assertThat(t.channel()).isEmpty();
              assertThat(t.provider()).isEmpty();
              assertThat(t.detectedAtMillis()).isEqualTo(openedAt);
            });
    assertThat(end.timeline())
        .filteredOn(e -> e.event().equals("remediation_scope"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).endsWith("act on no scope (the alert names none)"));
  }

  @Test
  void givenARunbookThatVerifies_whenTheIncidentOpens_itShouldResolveItselfAndNeverPage(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = startTyped(env, client, worker, id, "provider-failover");
    env.sleep(Duration.ofSeconds(2));
    assertThat(wf.state().status()).isEqualTo(IncidentStatus.REMEDIATING);

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(end.resolvedBy()).isEqualTo("remediation (provider-failover)");
    assertThat(pagerDuty.calls).as("PagerDuty never reached").isEmpty();
    assertThat(records.planRequests).containsExactly("provider_outage critical sms");
    assertThat(end.timeline())
        .extracting(IncidentEvent::event)
        .containsSubsequence(
            "detected",
            "opened",
            "notified",
            "remediation_started",
            "remediation_step",
            "remediation_verified",
            "resolved")
        .doesNotContain("paged", "escalated", "anomaly_repeated");
    IncidentEvent detected = end.timeline().get(0);
    assertThat(detected.event()).isEqualTo("detected");
    assertThat(detected.atMillis()).isEqualTo(openedAt - 5_000);
    assertThat(detected.detail()).contains("expected 98%").contains("actual 40%");
    assertThat(end.timeline())
        .filteredOn(e -> e.event().equals("notified"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("pagerduty held"));
    assertThat(end.timeline())
        .filteredOn(e -> e.event().equals("resolved"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).startsWith("verified: delivery_rate_percent"));
    assertThat(end.pagerDutyTriggered()).isFalse();
    assertThat(end.remediations())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.remediationId()).isEqualTo("remediation-" + id + "-provider-failover");
              assertThat(r.status())
                  .isEqualTo(io.iris.workflows.remediation.RemediationStatus.SUCCEEDED);
              assertThat(r.finishedAtMillis()).isPositive();
            });
    assertThat(slack.calls).anyMatch(c -> c.startsWith("thread :robot_face: Remediation"));
    assertThat(records.stored()).isEqualTo(end);
    Histories.record(client, IncidentWorkflow.workflowId(id), "incident-remediation-verified");
  }

  @Test
  void givenAFirstRunbookThatFails_whenItRollsBack_itShouldTryTheNextAndResolve(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = startTyped(env, client, worker, id, "first-try", "second-try");
    remediations.rateByRunbook.put("first-try", 90.0);

    IncidentState end = result(client, id);
    assertThat(end.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(end.resolvedBy()).isEqualTo("remediation (second-try)");
    assertThat(remediations.calls)
        .containsExactly(
            "perform first-try failover", "undo first-try failover", "perform second-try failover");
    assertThat(end.remediations())
        .extracting(io.iris.workflows.remediation.RemediationSummary::status)
        .containsExactly(
            io.iris.workflows.remediation.RemediationStatus.ROLLED_BACK,
            io.iris.workflows.remediation.RemediationStatus.SUCCEEDED);
    assertThat(pagerDuty.calls).isEmpty();
    assertThat(wf.timeline()).extracting(IncidentEvent::event).contains("remediation_rolled_back");
    Histories.record(client, IncidentWorkflow.workflowId(id), "incident-remediation-next-runbook");
  }

  @Test
  void givenNoRunbookThatWorks_whenTheLastFails_itShouldPageOnceAndEscalateOnTimersFromThen(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = startTyped(env, client, worker, id, "provider-failover");
    remediations.rateByRunbook.put("provider-failover", 90.0);
    env.sleep(Duration.ofMinutes(1));

    IncidentState paged = wf.state();
    assertThat(paged.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(paged.pagerDutyTriggered()).isTrue();
    assertThat(pagerDuty.calls).containsExactly("trigger " + id + " critical");
    long pagedAt = pagerDuty.triggeredAt.get(0);
    assertThat(pagedAt - openedAt).as("paged when the runbook gave up, ~37s in").isLessThan(60_000);
    assertThat(paged.timeline())
        .extracting(IncidentEvent::event)
        .containsSubsequence("notified", "remediation_started", "remediation_rolled_back", "paged");
    assertThat(slack.calls).anyMatch(c -> c.startsWith("thread :rotating_light: Paging humans"));

    env.sleep(Duration.ofMinutes(15));
    assertThat(wf.state().escalationLevel()).isEqualTo(1);
    assertThat(pagerDuty.triggeredAt).hasSize(2);
    assertThat(pagerDuty.triggeredAt.get(1) - pagedAt)
        .as("the first escalation one timeout after the page")
        .isBetween(899_000L, 901_000L);
    wf.resolve(new Actor("ada", "api"));
    IncidentState end = result(client, id);
    assertThat(pagerDuty.calls).endsWith("resolve " + id);
    assertThat(end.resolvedBy()).isEqualTo("ada (api)");
    Histories.record(client, IncidentWorkflow.workflowId(id), "incident-remediation-failed-paged");
  }

  @Test
  void givenATypedIncidentWithNoPlan_whenOpened_itShouldPageAtOnceAsToday(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = startTyped(env, client, worker, id); // nothing matches / kill switch
    env.sleep(Duration.ofSeconds(5));
    IncidentState open = assertStored(env, wf);
    assertThat(open.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(open.timeline())
        .extracting(IncidentEvent::event)
        .containsExactly("detected", "opened", "notified");
    assertThat(open.timeline().get(2).detail()).isEqualTo("slack and pagerduty");
    assertThat(pagerDuty.calls).containsExactly("trigger " + id + " critical");
    assertThat(pagerDuty.triggeredAt.get(0) - openedAt).isLessThan(1_000);
    assertThat(records.planRequests).containsExactly("provider_outage critical sms");
    env.sleep(Duration.ofMinutes(15));
    assertThat(wf.state().escalationLevel()).isEqualTo(1);
    assertThat(remediations.runs).as("no remediation ran").isEmpty();
    wf.resolve(new Actor("ada", "api"));
    assertThat(result(client, id).status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(pagerDuty.calls).endsWith("resolve " + id);
  }

  @Test
  void givenAnUntypedIncident_whenOpened_itShouldNotAskForAPlan(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = start(env, client, worker, id, Severity.HIGH);
    env.sleep(Duration.ofSeconds(5));
    assertThat(records.planRequests).isEmpty();
    assertThat(wf.state().timeline())
        .extracting(IncidentEvent::event)
        .containsExactly("opened", "notified");
    wf.resolve(new Actor("ops", "api"));
    result(client, id);
    assertThat(pagerDuty.calls).containsExactly("trigger " + id + " error", "resolve " + id);
  }

  @Test
  void givenRepeatedAndClearedAnomalies_itShouldNoteThemAndNeverResolve(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = startTyped(env, client, worker, id);
    env.sleep(Duration.ofSeconds(2));
    wf.attachAnomaly(anomaly(openedAt));
    wf.anomalyCleared("0b7c3c1e-0000-4000-8000-000000000001");
    env.sleep(Duration.ofMinutes(5));

    IncidentState state = wf.state();
    assertThat(state.status()).isNotEqualTo(IncidentStatus.RESOLVED);
    assertThat(state.anomalies()).hasSize(1);
    assertThat(state.timeline())
        .extracting(IncidentEvent::event)
        .containsSubsequence(
            "detected", "opened", "notified", "anomaly_repeated", "anomaly_cleared")
        .doesNotContain("resolved");
    wf.resolve(new Actor("ada", "api"));
    result(client, id);
    Histories.record(
        client, IncidentWorkflow.workflowId(id), "incident-remediation-repeated-anomalies");
  }

  @Test
  void givenARunningRemediation_whenAHumanResolves_itShouldCancelItAndNeverPage(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = UUID.randomUUID().toString();
    IncidentWorkflow wf = startTyped(env, client, worker, id, "provider-failover");
    env.sleep(Duration.ofSeconds(15)); // in the stabilization wait
    wf.acknowledge(new Actor("ada", "api")); // lets it go on
    env.sleep(Duration.ofSeconds(1));
    assertThat(wf.state().remediations())
        .extracting(io.iris.workflows.remediation.RemediationSummary::status)
        .containsExactly(io.iris.workflows.remediation.RemediationStatus.RUNNING);
    wf.resolve(new Actor("ada", "api"));

    IncidentState end = result(client, id);
    assertThat(end.resolvedBy()).isEqualTo("ada (api)");
    assertThat(end.remediations())
        .extracting(io.iris.workflows.remediation.RemediationSummary::status)
        .containsExactly(io.iris.workflows.remediation.RemediationStatus.FAILED);
    assertThat(pagerDuty.calls).isEmpty();
    env.sleep(Duration.ofSeconds(5));
    assertThat(remediations.runs.get(remediations.runs.size() - 1).detail())
        .isEqualTo("cancelled: resolved by ada (api)");
    assertThat(remediations.calls).noneMatch(c -> c.startsWith("undo"));
    Histories.record(
        client, IncidentWorkflow.workflowId(id), "incident-remediation-resolved-by-human");
  }
}
