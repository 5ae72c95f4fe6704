package io.iris.workflows.incident;

import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registered on {@link TaskQueues#INCIDENT} by the workers' configuration. */
public class IncidentWorkflowImpl implements IncidentWorkflow {

  /** Past this many history events the incident continues as new, carrying its state. */
  static final int HISTORY_LIMIT = 2_000;

  private static final String SYSTEM = "system";

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

  private final List<Actor> escalationRequests = new ArrayList<>();
  private final List<String> pendingThread = new ArrayList<>();
  private boolean acknowledgedNow;

  /** The state changed since it was last written to the incident's row. */
  private boolean dirty;

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
  }

  @Override
  public IncidentState run(IncidentState start) {
    if (!continued) {
      note("opened", SYSTEM, severity.wireName() + ": " + title);
      publishStatus();
      persist();
      notifyOpened();
      persist();
    }
    EscalationPolicy policy = records.escalationPolicy(severity);

    while (status != IncidentStatus.RESOLVED) {
      if (acknowledgedAt == 0 && canEscalate(policy)) {
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
              "not acknowledged within " + policy.timeout(),
              policy);
        }
      } else {
        Workflow.await(this::somethingToDo);
      }
      while (!escalationRequests.isEmpty()) {
        Actor by = escalationRequests.remove(0);
        escalateTo(nextLevel(policy), by, "escalated by " + by.describe(), policy);
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
      if (status != IncidentStatus.RESOLVED
          && Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(state());
      }
    }
    close();
    return state();
  }

  private boolean somethingToDo() {
    return status == IncidentStatus.RESOLVED
        || dirty
        || acknowledgedNow
        || !escalationRequests.isEmpty()
        || !pendingThread.isEmpty()
        || allAlertsResolved();
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
      who = target.name() + (target.slackMention().isEmpty() ? "" : " " + target.slackMention());
      page = target.pagerDuty();
    }
    note(
        "escalated",
        by.describe(),
        "level " + level + (who.isEmpty() ? "" : " (" + who + ")") + ": " + why);
    pendingThread.add(
        ":rotating_light: Escalated to level "
            + level
            + (who.isEmpty() ? "" : ", " + who)
            + " — "
            + why);
    updateSlack();
    if (page) {
      notify("pagerduty", () -> pagerDuty.trigger(snapshot()));
    }
  }

  private void afterAcknowledge() {
    status = IncidentStatus.ACKNOWLEDGED;
    publishStatus();
    updateSlack();
    notify("pagerduty", () -> pagerDuty.acknowledge(snapshot()));
  }

  private void resolveNow(Actor by, String why) {
    if (status == IncidentStatus.RESOLVED) {
      return;
    }
    status = IncidentStatus.RESOLVED;
    resolvedAt = Workflow.currentTimeMillis();
    resolvedBy = by.describe();
    note("resolved", by.describe(), why);
    pendingThread.add(
        ":white_check_mark: Resolved by " + by.describe() + (why.isEmpty() ? "" : " — " + why));
  }

  private void close() {
    publishStatus();
    flushThread();
    updateSlack();
    notify("pagerduty", () -> pagerDuty.resolve(snapshot()));
    long mtta = acknowledgedAt == 0 ? -1 : acknowledgedAt - openedAt;
    long mttr = resolvedAt - openedAt;
    String review = "";
    if (severity == Severity.CRITICAL || severity == Severity.HIGH) {
      review = reviewDraft(mtta, mttr);
      note("review_drafted", SYSTEM, "post-incident review draft stored");
    }
    records.recordIncident(state());
    records.recordClosing(incidentId, mtta, mttr, review);
  }

  private void notifyOpened() {
    notify(
        "slack",
        () -> {
          SlackMessageRef ref = slack.postIncident(snapshot());
          slackChannel = ref.channel();
          slackTs = ref.ts();
        });
    notify("pagerduty", () -> pagerDuty.trigger(snapshot()));
    note("notified", SYSTEM, slackTs.isEmpty() ? "pagerduty" : "slack and pagerduty");
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
      note("notification_failed", SYSTEM, channel + ": " + why);
    }
  }

  private boolean allAlertsResolved() {
    return !alerts.isEmpty() && alerts.values().stream().noneMatch(Boolean::booleanValue);
  }

  private String reviewDraft(long mtta, long mttr) {
    StringBuilder draft = new StringBuilder();
    draft.append("# Post-incident review (draft): ").append(title).append("\n\n");
    draft.append("- Severity: ").append(severity.wireName()).append("\n");
    draft.append("- Service: ").append(service.isEmpty() ? "(not given)" : service).append("\n");
    draft
        .append("- Time to acknowledge: ")
        .append(mtta < 0 ? "never acknowledged" : Duration.ofMillis(mtta).toString())
        .append("\n");
    draft.append("- Time to resolve: ").append(Duration.ofMillis(mttr)).append("\n");
    draft.append("- Highest escalation level: ").append(level).append("\n\n## Timeline\n\n");
    for (IncidentEvent e : timeline) {
      draft
          .append("- ")
          .append(java.time.Instant.ofEpochMilli(e.atMillis()))
          .append(" ")
          .append(e.event())
          .append(" — ")
          .append(e.actor())
          .append(": ")
          .append(e.detail())
          .append("\n");
    }
    draft.append("\n## Actions taken\n\n");
    timeline.stream()
        .filter(
            e ->
                List.of("acknowledged", "escalated", "assigned", "note", "resolved")
                    .contains(e.event()))
        .forEach(
            e ->
                draft
                    .append("- ")
                    .append(e.event())
                    .append(" by ")
                    .append(e.actor())
                    .append(": ")
                    .append(e.detail())
                    .append("\n"));
    draft
        .append("\n## Open questions\n\n- What was the root cause?\n")
        .append("- What would have detected it sooner?\n")
        .append("- Which follow-up actions prevent a repeat, and who owns them?\n");
    return draft.toString();
  }

  /** Writes the incident's row and new timeline entries, when anything changed. */
  private void persist() {
    if (dirty) {
      dirty = false;
      records.recordIncident(state());
    }
  }

  private void note(String event, String actor, String detail) {
    dirty = true;
    timeline.add(
        new IncidentEvent(timeline.size() + 1, Workflow.currentTimeMillis(), event, actor, detail));
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
  }

  // Signals: they change state and leave the side effects to the main loop.

  @Override
  public void acknowledge(Actor actor) {
    if (acknowledgedAt != 0 || status == IncidentStatus.RESOLVED) {
      return;
    }
    acknowledgedAt = Workflow.currentTimeMillis();
    acknowledgedBy = actor.describe();
    acknowledgedNow = true;
    note("acknowledged", actor.describe(), "");
    pendingThread.add(":eyes: Acknowledged by " + actor.describe());
  }

  @Override
  public void resolve(Actor actor) {
    resolveNow(actor, "");
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
    pendingThread.add(":memo: " + author.describe() + ": " + text);
  }

  @Override
  public void assign(Actor by, String to) {
    assignee = to;
    note("assigned", by.describe(), to);
    pendingThread.add(":bust_in_silhouette: Assigned to " + to + " by " + by.describe());
  }

  @Override
  public void attachAlert(AlertUpdate alert) {
    Boolean before = alerts.put(alert.fingerprint(), alert.firing());
    if (before == null) {
      note(
          "alert_attached",
          "alertmanager",
          alert.fingerprint()
              + (alert.firing() ? " firing" : " resolved")
              + (alert.summary().isEmpty() ? "" : ": " + alert.summary()));
    } else if (before && !alert.firing()) {
      note("alert_resolved", "alertmanager", alert.fingerprint());
    } else if (!before && alert.firing()) {
      note("alert_firing_again", "alertmanager", alert.fingerprint());
    }
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
        List.copyOf(timeline));
  }

  @Override
  public List<IncidentEvent> timeline() {
    return List.copyOf(timeline);
  }
}
