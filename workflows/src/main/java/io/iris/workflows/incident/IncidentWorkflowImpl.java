package io.iris.workflows.incident;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.RemediationEvent;
import io.iris.workflows.remediation.RemediationInput;
import io.iris.workflows.remediation.RemediationPlan;
import io.iris.workflows.remediation.RemediationResult;
import io.iris.workflows.remediation.RemediationStart;
import io.iris.workflows.remediation.RemediationStatus;
import io.iris.workflows.remediation.RemediationSummary;
import io.iris.workflows.remediation.RemediationWorkflow;
import io.iris.workflows.remediation.Runbook;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Registered on {@link TaskQueues#INCIDENT} from the {@link
 * io.iris.workflows.common.WorkflowCatalog}.
 */
public class IncidentWorkflowImpl implements IncidentWorkflow {

  /** Past this many history events the incident continues as new, carrying its state. */
  static final int HISTORY_LIMIT = 2_000;

  /**
   * The change that moved the row's writes to a workflow thread of their own ({@link #writeRows})
   * and sends each step's Slack and PagerDuty calls together. Runs started before it write inline,
   * as they did.
   */
  static final String WRITE_BEHIND = "incident-write-behind";

  /**
   * The change that lets a typed incident remediate itself before it pages anyone: at the opening
   * it asks for its {@link RemediationPlan}; with one, PagerDuty is held while the runbooks run as
   * children ({@link #remediate}), a verified one resolves the incident, and humans are paged only
   * when none succeeds. PagerDuty is resolved only where it was paged. Runs started before it page
   * at once, as they did.
   */
  static final String REMEDIATION = "incident-remediation";

  /**
   * The change that lets an incident no anomaly opened (an Alertmanager alert whose name a runbook
   * matches) remediate with the scope its alert's labels give ({@link IncidentState#scope}; none is
   * a scope too: actions that need what it lacks are not applicable). Runs started before it note
   * {@code remediation_skipped} and page, as they did.
   */
  static final String INCIDENT_SCOPE = "incident-scope-remediation";

  private static final String SYSTEM = "system";

  private static final Logger log = Workflow.getLogger(IncidentWorkflowImpl.class);

  /**
   * Bookkeeping in PostgreSQL; its options (and the window that rides out a database outage) come
   * from configuration at registration: see {@link io.iris.workflows.common.DependencyRetry}.
   */
  private final IncidentRecordActivities records =
      Workflow.newLocalActivityStub(IncidentRecordActivities.class);

  private final ActivityOptions notificationOptions =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(8)
                  .setDoNotRetry(
                      "SLACK_REJECTED",
                      "SLACK_NOT_CONFIGURED",
                      "PAGERDUTY_REJECTED",
                      "PAGERDUTY_NOT_CONFIGURED")
                  .build())
          .build();

  /**
   * The row's writes when they run behind the incident: regular activities, so a database that
   * fails or hangs holds no workflow task (a local activity's retries would, and every timer and
   * notification behind it would wait), and retried until the database answers again.
   */
  private final ActivityOptions rowWriteOptions =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  private final IncidentRecordActivities rows =
      Workflow.newActivityStub(IncidentRecordActivities.class, rowWriteOptions);

  private final SlackIncidentActivities slack =
      Workflow.newActivityStub(SlackIncidentActivities.class, notificationOptions);
  private final PagerDutyActivities pagerDuty =
      Workflow.newActivityStub(PagerDutyActivities.class, notificationOptions);

  private String incidentId = "";
  private String title = "";
  private Severity severity = Severity.MEDIUM;
  private IncidentStatus status = IncidentStatus.OPEN;
  private String service = "";
  private String description = "";
  private int level;
  private long openedAt;
  private long acknowledgedAt;
  private String acknowledgedBy = "";
  private long resolvedAt;
  private String resolvedBy = "";
  private String assignee = "";
  private final Map<String, Boolean> alerts = new LinkedHashMap<>();
  private String slackChannel = "";
  private String slackTs = "";
  private final List<IncidentEvent> timeline = new ArrayList<>();
  private int calls;
  private long lastEscalationAt;
  private String type = "";
  private final List<AnomalyRef> anomalies = new ArrayList<>();

  /** What its runbooks act on when no anomaly opened it; null otherwise (or not yet). */
  private AnomalyRef scope;

  private final List<RemediationSummary> remediations = new ArrayList<>();
  private boolean pagerDutyTriggered = true;

  private final List<Actor> escalationRequests = new ArrayList<>();

  /** Since {@link #REMEDIATION}. */
  private boolean remediation;

  /** A child remediation runs (or is about to): no escalation timer, no continue-as-new. */
  private boolean remediating;

  /** The running child's workflow id, cancelled when a human resolves the incident; or null. */
  private String runningChild;

  /** Why humans are to be paged now that remediation gave up; null when not. */
  private String pageRequest;

  private final List<String> pendingThread = new ArrayList<>();
  private boolean acknowledgedNow;

  /**
   * What the incident's row was last given ({@code null}: not known to be written). The state is
   * unsaved whenever it differs from this, whatever changed it: no change can be left unwritten by
   * forgetting to mark it.
   */
  private IncidentState written;

  /** The row is written by {@link #writeRows} in the background (see {@link #WRITE_BEHIND}). */
  private boolean writeBehind;

  private boolean continued;

  /**
   * Restores the state before anything else runs: a signal that comes with the start (an alert by
   * signal-with-start, an acknowledgement racing the first task) may be handled before {@link
   * #run}, and must find — and keep — the state it changes.
   */
  @WorkflowInit
  public IncidentWorkflowImpl(IncidentState start) {
    restore(start);
    continued = !start.timeline().isEmpty();
    // A run that writes inline wrote what it carried over just before continuing.
    written = continued ? start : null;
  }

  @Override
  public IncidentState run(IncidentState start) {
    writeBehind = Workflow.getVersion(WRITE_BEHIND, Workflow.DEFAULT_VERSION, 1) >= 1;
    remediation = Workflow.getVersion(REMEDIATION, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (writeBehind) {
      // A previous run may have continued with a write still owed or in flight: write again.
      written = null;
      Async.procedure(this::writeRows);
    }
    RemediationPlan plan = new RemediationPlan(List.of(), null);
    if (!continued) {
      if (remediation && !anomalies.isEmpty()) {
        AnomalyRef first = anomalies.get(0);
        noteAt(
            first.detectedAtMillis() > 0 ? first.detectedAtMillis() : Workflow.currentTimeMillis(),
            "detected",
            "detection",
            IncidentText.detectedDetail(first));
      }
      note("opened", SYSTEM, IncidentText.openedDetail(severity, title));
      if (remediation) {
        // Nobody is paged yet; only what pages sets it (an old run's state says true: it paged).
        pagerDutyTriggered = false;
        if (!type.isEmpty()) {
          plan = records.remediationPlan(type, severity, channel());
          if (!plan.isEmpty() && anomalies.isEmpty()) {
            if (Workflow.getVersion(INCIDENT_SCOPE, Workflow.DEFAULT_VERSION, 1) >= 1) {
              // The runbooks act on what the alert named; the actions that need more say so.
              if (scope == null) {
                scope = AnomalyRef.ofIncident(type, severity, "", "", "", "", "", openedAt);
              }
              note("remediation_scope", SYSTEM, IncidentText.incidentScope(scope));
            } else {
              // A runbook acted on an anomaly's scope only; an incident without one paged.
              note("remediation_skipped", SYSTEM, IncidentText.noAnomalyToRemediate(type));
              plan = new RemediationPlan(List.of(), plan.policy());
            }
          }
        }
        if (!plan.isEmpty()) {
          remediating = true;
          if (status == IncidentStatus.OPEN) {
            status = IncidentStatus.REMEDIATING;
          }
        }
      }
      publishStatus();
      persist();
      notifyOpened();
      persist();
    }
    if (remediating) {
      RemediationPlan runbooks = plan;
      Async.procedure(() -> remediate(runbooks));
    }
    EscalationPolicy policy = records.escalationPolicy(severity);

    while (status != IncidentStatus.RESOLVED) {
      if (acknowledgedAt == 0 && status != IncidentStatus.REMEDIATING && canEscalate(policy)) {
        // The due time is absolute: notes or alerts that wake the loop do not postpone it.
        long due = lastEscalationAt + policy.timeout().toMillis();
        long left = due - Workflow.currentTimeMillis();
        boolean woke = left > 0 && Workflow.await(Duration.ofMillis(left), this::somethingToDo);
        if (!woke
            && acknowledgedAt == 0
            && status != IncidentStatus.RESOLVED
            && Workflow.currentTimeMillis() >= due) {
          // Nobody acknowledged in time: call the next level. The timer is durable: restarts of
          // workers or of the server neither lose nor delay it.
          escalateTo(
              nextLevel(policy),
              new Actor(SYSTEM, "timer"),
              IncidentText.notAcknowledgedWithin(policy.timeout()),
              policy);
        }
      } else {
        Workflow.await(this::somethingToDo);
      }
      while (!escalationRequests.isEmpty()) {
        Actor by = escalationRequests.remove(0);
        escalateTo(nextLevel(policy), by, IncidentText.escalatedBy(by), policy);
      }
      if (pageRequest != null && status != IncidentStatus.RESOLVED) {
        String why = pageRequest;
        pageRequest = null;
        pageHumans(why);
      }
      if (acknowledgedNow) {
        acknowledgedNow = false;
        afterAcknowledge();
      }
      flushThread();
      if (status != IncidentStatus.RESOLVED && allAlertsResolved()) {
        resolveNow(new Actor("alertmanager", "alertmanager"), "all attached alerts resolved");
      }
      persist();
      if (status != IncidentStatus.RESOLVED && historyFull() && !remediating) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state());
      }
    }
    close();
    return state();
  }

  private boolean somethingToDo() {
    return status == IncidentStatus.RESOLVED
        || (writeBehind ? historyFull() && !remediating : unsaved())
        || acknowledgedNow
        || (pageRequest != null)
        || !escalationRequests.isEmpty()
        || !pendingThread.isEmpty()
        || allAlertsResolved();
  }

  private static boolean historyFull() {
    return Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT;
  }

  private boolean canEscalate(EscalationPolicy policy) {
    return calls < policy.levels().size() - 1 + policy.repeats();
  }

  private int nextLevel(EscalationPolicy policy) {
    return Math.min(level + 1, Math.max(0, policy.levels().size() - 1));
  }

  private void escalateTo(int next, Actor by, String why, EscalationPolicy policy) {
    level = next;
    calls++;
    lastEscalationAt = Workflow.currentTimeMillis();
    if (acknowledgedAt == 0) {
      status = IncidentStatus.ESCALATED;
      publishStatus();
    }
    String who = "";
    boolean page = false;
    if (!policy.levels().isEmpty()) {
      EscalationPolicy.EscalationLevel target = policy.levels().get(level);
      who = IncidentText.levelName(target);
      page = target.pagerDuty();
    }
    note("escalated", by.describe(), IncidentText.escalatedDetail(level, who, why));
    pendingThread.add(IncidentText.escalatedLine(level, who, why));
    IncidentSnapshot now = snapshot();
    boolean paging = page;
    if (paging) {
      pagerDutyTriggered = true;
    }
    together(
        this::updateSlack,
        () -> {
          if (paging) {
            notify("pagerduty", () -> pagerDuty.trigger(now));
          }
        });
  }

  private void afterAcknowledge() {
    if (!writeBehind) {
      // What runs from before WRITE_BEHIND did (the handler has set it already, in both).
      status = IncidentStatus.ACKNOWLEDGED;
    }
    publishStatus();
    IncidentSnapshot now = snapshot();
    boolean paged = pagerDutyTriggered;
    together(
        this::updateSlack,
        () -> {
          if (paged) {
            notify("pagerduty", () -> pagerDuty.acknowledge(now));
          }
        });
  }

  private void resolveNow(Actor by, String why) {
    if (status == IncidentStatus.RESOLVED) {
      return;
    }
    status = IncidentStatus.RESOLVED;
    resolvedAt = Workflow.currentTimeMillis();
    resolvedBy = by.describe();
    note("resolved", by.describe(), why);
    pendingThread.add(IncidentText.resolvedLine(by, why));
  }

  private void close() {
    for (int i = 0; i < remediations.size(); i++) {
      RemediationSummary r = remediations.get(i);
      if (!r.status().isFinal()) {
        // Cancelled by the resolution: the child records the same.
        remediations.set(i, finished(r, RemediationStatus.FAILED));
      }
    }
    publishStatus();
    flushThread();
    IncidentSnapshot now = snapshot();
    // Resolved in PagerDuty only where it was paged: a verified remediation never reaches it.
    boolean paged = pagerDutyTriggered;
    together(
        this::updateSlack,
        () -> {
          if (paged) {
            notify("pagerduty", () -> pagerDuty.resolve(now));
          }
        });
    long mtta = acknowledgedAt == 0 ? -1 : acknowledgedAt - openedAt;
    long mttr = resolvedAt - openedAt;
    String review = "";
    if (severity == Severity.CRITICAL || severity == Severity.HIGH) {
      review = IncidentText.reviewDraft(state(), mtta, mttr);
      note("review_drafted", SYSTEM, "post-incident review draft stored");
    }
    if (writeBehind) {
      String closing = review;
      while (!tryWrite(() -> rows.recordClosing(incidentId, mtta, mttr, closing))) {
        Workflow.sleep(rowWritePause());
      }
      // The run ends here, and its row writer with it: not before the row has the final state.
      Workflow.await(() -> !unsaved());
    } else {
      records.recordIncident(state());
      records.recordClosing(incidentId, mtta, mttr, review);
    }
  }

  private void notifyOpened() {
    IncidentSnapshot opened = snapshot();
    boolean hold = remediating;
    if (!hold) {
      pagerDutyTriggered = true;
    }
    together(
        () ->
            notify(
                "slack",
                () -> {
                  SlackMessageRef ref = slack.postIncident(opened);
                  slackChannel = ref.channel();
                  slackTs = ref.ts();
                }),
        () -> {
          if (!hold) {
            notify("pagerduty", () -> pagerDuty.trigger(opened));
          }
        });
    note(
        "notified",
        SYSTEM,
        hold
            ? IncidentText.notifiedHeldDetail(!slackTs.isEmpty())
            : IncidentText.notifiedDetail(!slackTs.isEmpty()));
  }

  /**
   * The plan's runbooks, one child at a time, in order: a verified one resolves the incident; a
   * failed or rolled-back one hands over to the next; an escalated one, or the end of the list,
   * pages humans. A human's resolution cancels the running child.
   */
  private void remediate(RemediationPlan plan) {
    try {
      for (Runbook runbook : plan.runbooks()) {
        if (status == IncidentStatus.RESOLVED) {
          return;
        }
        String childId = RemediationWorkflow.workflowId(incidentId, runbook.name());
        Optional<RemediationResult> outcome = runChild(childId, runbook, plan);
        if (outcome.isEmpty()) {
          return; // cancelled: a human resolved it
        }
        RemediationResult result = outcome.get();
        summarize(childId, runbook.name(), result.status(), true);
        switch (result.status()) {
          case SUCCEEDED -> {
            resolveNow(
                new Actor("remediation", runbook.name()),
                IncidentText.verifiedReason(result.detail()));
            return;
          }
          case ESCALATED -> {
            pageRequest = IncidentText.remediationEscalated(runbook.name(), result.detail());
            return;
          }
          default -> {
            // failed or rolled back: the next runbook
          }
        }
      }
      pageRequest = IncidentText.noRunbookFixedIt(plan.runbooks().size());
    } finally {
      remediating = false;
      runningChild = null;
    }
  }

  /** One child, to its end; empty when it was cancelled (the incident was resolved). */
  private Optional<RemediationResult> runChild(String childId, Runbook runbook, RemediationPlan p) {
    RemediationInput input =
        new RemediationInput(
            childId,
            incidentId,
            target(),
            runbook,
            p.policy(),
            slackTs.isEmpty() ? null : new SlackMessageRef(slackChannel, slackTs));
    RemediationWorkflow child =
        Workflow.newChildWorkflowStub(
            RemediationWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(childId)
                .setTaskQueue(RemediationStart.TASK_QUEUE)
                .setWorkflowIdReusePolicy(RemediationStart.ID_REUSE)
                .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_REQUESTED)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setTypedSearchAttributes(
                    io.temporal.common.SearchAttributes.newBuilder()
                        .set(SearchAttributes.INCIDENT_ID, incidentId)
                        .set(SearchAttributes.RUNBOOK, runbook.name())
                        .build())
                .build());
    summarize(childId, runbook.name(), RemediationStatus.RUNNING, false);
    Promise<RemediationResult> running = Async.function(child::run, input);
    runningChild = childId;
    try {
      return Optional.of(running.get());
    } catch (CanceledFailure cancelled) {
      summarize(childId, runbook.name(), RemediationStatus.FAILED, true);
      return Optional.empty();
    } catch (ChildWorkflowFailure failure) {
      if (failure.getCause() instanceof CanceledFailure) {
        summarize(childId, runbook.name(), RemediationStatus.FAILED, true);
        return Optional.empty();
      }
      String why =
          failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage();
      note("remediation_failed", "remediation", runbook.name() + ": " + why);
      return Optional.of(
          new RemediationResult(childId, runbook.name(), RemediationStatus.FAILED, why));
    } finally {
      runningChild = null;
    }
  }

  /** Adds or updates the run in {@link #remediations}. */
  private void summarize(String id, String runbook, RemediationStatus to, boolean end) {
    for (int i = 0; i < remediations.size(); i++) {
      RemediationSummary r = remediations.get(i);
      if (r.remediationId().equals(id)) {
        if (r.status().isFinal()) {
          return;
        }
        remediations.set(
            i,
            end || to.isFinal()
                ? finished(r, to)
                : new RemediationSummary(id, runbook, to, r.startedAtMillis(), 0));
        return;
      }
    }
    long now = Workflow.currentTimeMillis();
    remediations.add(new RemediationSummary(id, runbook, to, now, to.isFinal() ? now : 0));
  }

  private static RemediationSummary finished(RemediationSummary r, RemediationStatus to) {
    return new RemediationSummary(
        r.remediationId(), r.runbook(), to, r.startedAtMillis(), Workflow.currentTimeMillis());
  }

  /**
   * Remediation gave up: page now, PagerDuty and Slack together, and escalate on the normal timers
   * from here.
   */
  private void pageHumans(String why) {
    if (status == IncidentStatus.REMEDIATING) {
      status = level > 0 ? IncidentStatus.ESCALATED : IncidentStatus.OPEN;
    }
    lastEscalationAt = Workflow.currentTimeMillis();
    note("paged", SYSTEM, why);
    pendingThread.add(IncidentText.pagedLine(why));
    publishStatus();
    // Paged once: an escalation meanwhile may have paged already.
    boolean page = !pagerDutyTriggered;
    pagerDutyTriggered = true;
    IncidentSnapshot now = snapshot();
    together(
        this::updateSlack,
        () -> {
          if (page) {
            notify("pagerduty", () -> pagerDuty.trigger(now));
          }
        });
  }

  /** What the runbooks act on: the opening anomaly, else the incident's own scope, or null. */
  private AnomalyRef target() {
    return anomalies.isEmpty() ? scope : anomalies.get(0);
  }

  /** The channel runbooks match on: the opening anomaly's, the scope's, or "". */
  private String channel() {
    AnomalyRef target = target();
    return target == null ? "" : target.channel();
  }

  /**
   * Two notifications of one step. Since {@link #WRITE_BEHIND} they go out together, so a page
   * never waits behind Slack's retries (nor Slack behind PagerDuty's); before, one after the other.
   */
  private void together(Runnable first, Runnable second) {
    if (!writeBehind) {
      first.run();
      second.run();
      return;
    }
    Promise<Void> one = Async.procedure(first::run);
    Promise<Void> two = Async.procedure(second::run);
    Promise.allOf(one, two).get();
  }

  private void updateSlack() {
    if (!slackTs.isEmpty()) {
      SlackMessageRef ref = new SlackMessageRef(slackChannel, slackTs);
      notify("slack", () -> slack.updateIncident(ref, snapshot()));
    }
  }

  private void flushThread() {
    if (slackTs.isEmpty()) {
      pendingThread.clear();
      return;
    }
    SlackMessageRef ref = new SlackMessageRef(slackChannel, slackTs);
    while (!pendingThread.isEmpty()) {
      String line = pendingThread.remove(0);
      notify("slack", () -> slack.postToThread(ref, line));
    }
  }

  /** A notification that still fails after its retries is recorded, never fatal to the incident. */
  private void notify(String channel, Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure failure) {
      String why =
          failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage();
      note("notification_failed", SYSTEM, IncidentText.notificationFailedDetail(channel, why));
    }
  }

  private boolean allAlertsResolved() {
    return !alerts.isEmpty() && alerts.values().stream().noneMatch(Boolean::booleanValue);
  }

  /** The state differs from what the row was last given. */
  private boolean unsaved() {
    return written == null || !written.equals(state());
  }

  /**
   * Runs that write inline: writes the row and new timeline entries, when anything changed. (Since
   * {@link #WRITE_BEHIND}, {@link #writeRows} does it.)
   */
  private void persist() {
    if (!writeBehind && unsaved()) {
      IncidentState now = state();
      records.recordIncident(now);
      written = now;
    }
  }

  /**
   * The row's writer, a workflow thread of its own: whenever the state differs from what the row
   * was last given, it writes the state as it is then. The incident never waits for it, so a
   * database that is down delays no escalation or notification; what changed meanwhile is written
   * once it answers again, the latest state last.
   */
  private void writeRows() {
    while (true) {
      Workflow.await(this::unsaved);
      IncidentState now = state();
      if (tryWrite(() -> rows.recordIncident(now))) {
        written = now;
      } else {
        // Tried again after a pause, or at once with the newer state when it changes.
        Workflow.await(rowWritePause(), () -> !now.equals(state()));
      }
    }
  }

  /**
   * One write; false when it failed for good (a retryable failure is retried by its activity
   * options for as long as they allow), never failing the incident.
   */
  private boolean tryWrite(Runnable write) {
    try {
      write.run();
      return true;
    } catch (ActivityFailure failure) {
      log.warn(
          "incident {}: writing its row failed, will try again: {}",
          incidentId,
          failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage());
      return false;
    }
  }

  private Duration rowWritePause() {
    return rowWriteOptions.getRetryOptions().getMaximumInterval();
  }

  private void note(String event, String actor, String detail) {
    noteAt(Workflow.currentTimeMillis(), event, actor, detail);
  }

  private void noteAt(long at, String event, String actor, String detail) {
    timeline.add(new IncidentEvent(timeline.size() + 1, at, event, actor, detail));
  }

  private void publishStatus() {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.INCIDENT_STATUS.valueSet(status.wireName()));
  }

  private IncidentSnapshot snapshot() {
    return new IncidentSnapshot(
        incidentId,
        title,
        severity,
        status,
        service,
        description,
        level,
        acknowledgedBy,
        resolvedBy,
        "/v1/incidents/" + incidentId,
        IncidentWorkflow.workflowId(incidentId),
        openedAt);
  }

  private void restore(IncidentState s) {
    incidentId = s.incidentId();
    title = s.title();
    severity = s.severity();
    status = s.status();
    service = s.service();
    description = s.description();
    level = s.escalationLevel();
    openedAt = s.openedAtMillis();
    acknowledgedAt = s.acknowledgedAtMillis();
    acknowledgedBy = s.acknowledgedBy();
    resolvedAt = s.resolvedAtMillis();
    resolvedBy = s.resolvedBy();
    assignee = s.assignee();
    alerts.putAll(s.alerts());
    slackChannel = s.slackChannel();
    slackTs = s.slackTs();
    calls = s.escalationCalls();
    lastEscalationAt =
        s.lastEscalationAtMillis() == 0 ? s.openedAtMillis() : s.lastEscalationAtMillis();
    timeline.addAll(s.timeline());
    type = s.type();
    anomalies.addAll(s.anomalies());
    remediations.addAll(s.remediations());
    pagerDutyTriggered = s.pagerDutyTriggered();
    scope = s.scope();
  }

  // Signals: they change state and leave the side effects to the main loop.

  @Override
  public void acknowledge(Actor actor) {
    if (acknowledgedAt != 0 || status == IncidentStatus.RESOLVED) {
      return;
    }
    acknowledgedAt = Workflow.currentTimeMillis();
    acknowledgedBy = actor.describe();
    // Together with who and when, so no write can carry the one without the other (defect: an
    // acknowledgement during the opening left the row "open" for ever).
    status = IncidentStatus.ACKNOWLEDGED;
    acknowledgedNow = true;
    note("acknowledged", actor.describe(), "");
    pendingThread.add(IncidentText.acknowledgedLine(actor));
  }

  @Override
  public void resolve(Actor actor) {
    resolveNow(actor, "");
    if (runningChild != null) {
      // The human decided: the running remediation stops where it is (no rollback). Cancelled by
      // its id rather than by a scope, so the child learns why.
      String child = runningChild;
      String why = "resolved by " + actor.describe();
      Async.procedure(() -> Workflow.newUntypedExternalWorkflowStub(child).cancel(why));
    }
  }

  @Override
  public void escalate(Actor actor) {
    if (status != IncidentStatus.RESOLVED) {
      escalationRequests.add(actor);
    }
  }

  @Override
  public void addNote(Actor author, String text) {
    note("note", author.describe(), text);
    pendingThread.add(IncidentText.noteLine(author, text));
  }

  @Override
  public void assign(Actor by, String to) {
    assignee = to;
    note("assigned", by.describe(), to);
    pendingThread.add(IncidentText.assignedLine(by, to));
  }

  @Override
  public void attachAlert(AlertUpdate alert) {
    Boolean before = alerts.put(alert.fingerprint(), alert.firing());
    if (before == null) {
      note("alert_attached", "alertmanager", IncidentText.alertAttachedDetail(alert));
    } else if (before && !alert.firing()) {
      note("alert_resolved", "alertmanager", alert.fingerprint());
    } else if (!before && alert.firing()) {
      note("alert_firing_again", "alertmanager", alert.fingerprint());
    }
  }

  /**
   * Idempotent by anomaly id; never resolves the incident (only a verified remediation or a human
   * does). The opening's own anomaly, signalled with the start, is already the "detected" entry.
   */
  @Override
  public void attachAnomaly(AnomalyRef anomaly) {
    for (int i = 0; i < anomalies.size(); i++) {
      if (anomalies.get(i).anomalyId().equals(anomaly.anomalyId())) {
        anomalies.set(i, anomaly); // the latest figures
        if (!timeline.isEmpty() && status != IncidentStatus.RESOLVED) {
          note("anomaly_repeated", "detection", IncidentText.detectedDetail(anomaly));
        }
        return;
      }
    }
    anomalies.add(anomaly);
    if (status != IncidentStatus.RESOLVED) {
      note("anomaly_attached", "detection", IncidentText.detectedDetail(anomaly));
      pendingThread.add(IncidentText.anomalyLine(anomaly));
    }
  }

  @Override
  public void anomalyCleared(String anomalyId) {
    if (status != IncidentStatus.RESOLVED) {
      note("anomaly_cleared", "detection", anomalyId);
    }
  }

  @Override
  public void remediationProgress(RemediationEvent event) {
    note(event.event(), "remediation", event.runbook() + ": " + event.detail());
    pendingThread.add(IncidentText.remediationLine(event));
    summarize(event.remediationId(), event.runbook(), event.status(), event.status().isFinal());
  }

  @Override
  public IncidentState state() {
    return new IncidentState(
        incidentId,
        title,
        severity,
        status,
        service,
        description,
        level,
        openedAt,
        acknowledgedAt,
        acknowledgedBy,
        resolvedAt,
        resolvedBy,
        assignee,
        new LinkedHashMap<>(alerts),
        slackChannel,
        slackTs,
        calls,
        lastEscalationAt,
        List.copyOf(timeline),
        type,
        List.copyOf(anomalies),
        List.copyOf(remediations),
        pagerDutyTriggered,
        scope);
  }

  @Override
  public List<IncidentEvent> timeline() {
    return List.copyOf(timeline);
  }
}
