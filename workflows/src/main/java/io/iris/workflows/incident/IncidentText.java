package io.iris.workflows.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How an incident is told to people: the lines of its Slack thread, the details of its timeline
 * entries and its post-incident review draft. Pure functions of what the workflow decided (who,
 * what, why), so the workflow keeps the decisions and none of the wording; deterministic (no clock,
 * no locale), so the workflow may call them.
 */
public final class IncidentText {

  /** The timeline events that are responders' actions, listed in the review's "Actions taken". */
  static final List<String> ACTIONS =
      List.of("acknowledged", "escalated", "assigned", "note", "resolved");

  private IncidentText() {}

  // The Slack thread.

  public static String acknowledgedLine(Actor by) {
    return ":eyes: Acknowledged by " + by.describe();
  }

  /**
   * @param why what resolved it ("" when a responder did)
   */
  public static String resolvedLine(Actor by, String why) {
    return ":white_check_mark: Resolved by " + by.describe() + (why.isEmpty() ? "" : " — " + why);
  }

  /**
   * @param who the level called ({@link #levelName}), "" when the policy has no levels
   */
  public static String escalatedLine(int level, String who, String why) {
    return ":rotating_light: Escalated to level "
        + level
        + (who.isEmpty() ? "" : ", " + who)
        + " — "
        + why;
  }

  public static String noteLine(Actor author, String text) {
    return ":memo: " + author.describe() + ": " + text;
  }

  public static String assignedLine(Actor by, String assignee) {
    return ":bust_in_silhouette: Assigned to " + assignee + " by " + by.describe();
  }

  // Timeline details.

  public static String openedDetail(Severity severity, String title) {
    return severity.wireName() + ": " + title;
  }

  /** Which notifications went out when the incident opened. */
  public static String notifiedDetail(boolean slackPosted) {
    return slackPosted ? "slack and pagerduty" : "pagerduty";
  }

  /** A level as the thread and timeline name it: its name and its Slack mention, if any. */
  public static String levelName(EscalationPolicy.EscalationLevel level) {
    return level.name() + (level.slackMention().isEmpty() ? "" : " " + level.slackMention());
  }

  public static String escalatedDetail(int level, String who, String why) {
    return "level " + level + (who.isEmpty() ? "" : " (" + who + ")") + ": " + why;
  }

  /** Why the timer escalated. */
  public static String notAcknowledgedWithin(Duration timeout) {
    return "not acknowledged within " + timeout;
  }

  /** Why a responder's request escalated. */
  public static String escalatedBy(Actor by) {
    return "escalated by " + by.describe();
  }

  public static String alertAttachedDetail(AlertUpdate alert) {
    return alert.fingerprint()
        + (alert.firing() ? " firing" : " resolved")
        + (alert.summary().isEmpty() ? "" : ": " + alert.summary());
  }

  public static String notificationFailedDetail(String channel, String why) {
    return channel + ": " + why;
  }

  // Anomalies and remediation.

  /** An anomaly as the timeline tells it: what, where, expected against actual. */
  public static String detectedDetail(io.iris.workflows.remediation.AnomalyRef anomaly) {
    StringBuilder text = new StringBuilder(anomaly.type().wireName());
    String scope =
        String.join(
            "/",
            java.util.stream.Stream.of(
                    anomaly.channel(), anomaly.provider(), anomaly.tenantId(), anomaly.taskQueue())
                .filter(p -> !p.isEmpty())
                .toList());
    if (!scope.isEmpty()) {
      text.append(" on ").append(scope);
    }
    text.append(": expected ")
        .append(figure(anomaly.expected(), anomaly.unit()))
        .append(", actual ")
        .append(figure(anomaly.actual(), anomaly.unit()));
    if (!anomaly.detail().isEmpty()) {
      text.append(" — ").append(anomaly.detail());
    }
    return text.toString();
  }

  public static String anomalyLine(io.iris.workflows.remediation.AnomalyRef anomaly) {
    return ":mag: Anomaly attached: " + detectedDetail(anomaly);
  }

  /** The opening's notifications when PagerDuty waits for the remediation. */
  public static String notifiedHeldDetail(boolean slackPosted) {
    return (slackPosted ? "slack; " : "") + "pagerduty held while auto-remediation runs";
  }

  /** What an incident no anomaly opened gives its runbooks: "channel sms, provider twilio". */
  public static String incidentScope(io.iris.workflows.remediation.AnomalyRef scope) {
    List<String> parts = new ArrayList<>();
    if (!scope.channel().isEmpty()) {
      parts.add("channel " + scope.channel());
    }
    if (!scope.provider().isEmpty()) {
      parts.add("provider " + scope.provider());
    }
    if (!scope.tenantId().isEmpty()) {
      parts.add("tenant " + scope.tenantId());
    }
    if (!scope.taskQueue().isEmpty()) {
      parts.add("task queue " + scope.taskQueue());
    }
    return "runbooks match "
        + scope.kind()
        + " and act on "
        + (parts.isEmpty() ? "no scope (the alert names none)" : String.join(", ", parts));
  }

  public static String noAnomalyToRemediate(String type) {
    return "runbooks match " + type + ", but no anomaly gives them a scope: paging as usual";
  }

  /** Why a verified remediation resolved the incident. */
  public static String verifiedReason(String verification) {
    return "verified: " + verification;
  }

  public static String remediationEscalated(String runbook, String why) {
    return "auto-remediation " + runbook + " handed over to humans: " + why;
  }

  public static String noRunbookFixedIt(int tried) {
    return "auto-remediation did not fix it ("
        + tried
        + " runbook"
        + (tried == 1 ? "" : "s")
        + " tried)";
  }

  public static String pagedLine(String why) {
    return ":rotating_light: Paging humans — " + why;
  }

  /** A remediation's progress in the incident's thread. */
  public static String remediationLine(io.iris.workflows.remediation.RemediationEvent event) {
    String icon =
        switch (event.event()) {
          case "remediation_verified" -> ":white_check_mark:";
          case "remediation_awaiting_approval" -> ":raised_hand:";
          case "remediation_failed", "remediation_rolled_back", "remediation_not_verified" -> ":x:";
          case "remediation_escalated", "remediation_rejected" -> ":rotating_light:";
          default -> ":robot_face:";
        };
    String what = event.event().replace("remediation_", "").replace('_', ' ');
    return icon + " Remediation " + event.runbook() + " " + what + " — " + event.detail();
  }

  private static String figure(double value, String unit) {
    String number =
        value == Math.rint(value) && Math.abs(value) < 1e15
            ? String.valueOf((long) value)
            : java.math.BigDecimal.valueOf(Math.round(value * 100.0) / 100.0)
                .stripTrailingZeros()
                .toPlainString();
    return switch (unit) {
      case "percent" -> number + "%";
      case "" -> number;
      default -> number + " " + unit;
    };
  }

  // The review.

  /**
   * The post-incident review draft (Markdown) of a resolved incident.
   *
   * @param incident its state at the close, timeline included
   * @param mttaMillis time to acknowledge, negative when nobody acknowledged
   * @param mttrMillis time to resolve
   */
  public static String reviewDraft(IncidentState incident, long mttaMillis, long mttrMillis) {
    StringBuilder draft = new StringBuilder();
    draft.append("# Post-incident review (draft): ").append(incident.title()).append("\n\n");
    draft.append("- Severity: ").append(incident.severity().wireName()).append("\n");
    draft
        .append("- Service: ")
        .append(incident.service().isEmpty() ? "(not given)" : incident.service())
        .append("\n");
    draft
        .append("- Time to acknowledge: ")
        .append(mttaMillis < 0 ? "never acknowledged" : Duration.ofMillis(mttaMillis).toString())
        .append("\n");
    draft.append("- Time to resolve: ").append(Duration.ofMillis(mttrMillis)).append("\n");
    draft
        .append("- Highest escalation level: ")
        .append(incident.escalationLevel())
        .append("\n\n## Timeline\n\n");
    for (IncidentEvent e : incident.timeline()) {
      draft
          .append("- ")
          .append(Instant.ofEpochMilli(e.atMillis()))
          .append(" ")
          .append(e.event())
          .append(" — ")
          .append(e.actor())
          .append(": ")
          .append(e.detail())
          .append("\n");
    }
    draft.append("\n## Actions taken\n\n");
    incident.timeline().stream()
        .filter(e -> ACTIONS.contains(e.event()))
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
}
