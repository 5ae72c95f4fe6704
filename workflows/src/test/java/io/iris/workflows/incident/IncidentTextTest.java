package io.iris.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wording of an incident, apart from its workflow: the Slack thread lines responders read, the
 * timeline details and the review draft. The committed incident histories replay with these (the
 * workflow's commands did not change when the wording left it).
 */
class IncidentTextTest {

  private static final Actor ADA = new Actor("ada", "slack");

  @Test
  void givenResponderActions_theThreadLinesShouldSayWhoDidWhat() {
    assertThat(IncidentText.acknowledgedLine(ADA)).isEqualTo(":eyes: Acknowledged by ada (slack)");
    assertThat(IncidentText.resolvedLine(ADA, ""))
        .isEqualTo(":white_check_mark: Resolved by ada (slack)");
    assertThat(
            IncidentText.resolvedLine(
                new Actor("alertmanager", "alertmanager"), "all attached alerts resolved"))
        .isEqualTo(
            ":white_check_mark: Resolved by alertmanager (alertmanager) — all attached alerts resolved");
    assertThat(IncidentText.noteLine(ADA, "failing over"))
        .isEqualTo(":memo: ada (slack): failing over");
    assertThat(IncidentText.assignedLine(ADA, "bob"))
        .isEqualTo(":bust_in_silhouette: Assigned to bob by ada (slack)");
  }

  @Test
  void givenAnEscalation_itsLineAndDetailShouldNameTheLevelAndOnlyAMentionThatExists() {
    String who =
        IncidentText.levelName(
            new EscalationPolicy.EscalationLevel("primary", "<!subteam^S1>", true));
    String why = IncidentText.notAcknowledgedWithin(Duration.ofMinutes(15));

    assertThat(IncidentText.escalatedLine(1, who, why))
        .isEqualTo(
            ":rotating_light: Escalated to level 1, primary <!subteam^S1> — not acknowledged within PT15M");
    assertThat(IncidentText.escalatedDetail(1, who, why))
        .isEqualTo("level 1 (primary <!subteam^S1>): not acknowledged within PT15M");
    assertThat(IncidentText.levelName(new EscalationPolicy.EscalationLevel("secondary", "", true)))
        .isEqualTo("secondary");
    assertThat(IncidentText.escalatedLine(2, "", IncidentText.escalatedBy(ADA)))
        .isEqualTo(":rotating_light: Escalated to level 2 — escalated by ada (slack)");
    assertThat(IncidentText.escalatedDetail(2, "", "x")).isEqualTo("level 2: x");
  }

  @Test
  void givenAnAlert_itsDetailShouldSayWhetherItFiresAndItsSummaryWhenThereIsOne() {
    assertThat(IncidentText.alertAttachedDetail(new AlertUpdate("fp1", true, "disk full")))
        .isEqualTo("fp1 firing: disk full");
    assertThat(IncidentText.alertAttachedDetail(new AlertUpdate("fp2", false, "")))
        .isEqualTo("fp2 resolved");
  }

  private static IncidentState resolved(String service, List<IncidentEvent> timeline) {
    return new IncidentState(
        "i1",
        "SMS delivery down",
        Severity.CRITICAL,
        IncidentStatus.RESOLVED,
        service,
        "",
        2,
        0,
        120_000,
        "ada (slack)",
        300_000,
        "ada (slack)",
        "",
        Map.of(),
        "",
        "",
        2,
        0,
        timeline);
  }

  @Test
  void givenAResolvedIncident_theReviewDraftShouldCarryItsFiguresTimelineAndActions() {
    List<IncidentEvent> timeline =
        List.of(
            new IncidentEvent(1, 0, "opened", "system", "critical: SMS delivery down"),
            new IncidentEvent(2, 1_000, "notified", "system", "slack and pagerduty"),
            new IncidentEvent(3, 120_000, "acknowledged", "ada (slack)", ""),
            new IncidentEvent(4, 200_000, "note", "ada (slack)", "failing over"),
            new IncidentEvent(5, 300_000, "resolved", "ada (slack)", ""));

    String draft = IncidentText.reviewDraft(resolved("sms", timeline), 120_000, 300_000);

    assertThat(draft)
        .startsWith("# Post-incident review (draft): SMS delivery down\n\n")
        .contains("- Severity: critical\n", "- Service: sms\n")
        .contains("- Time to acknowledge: PT2M\n", "- Time to resolve: PT5M\n")
        .contains("- Highest escalation level: 2\n")
        .contains("- 1970-01-01T00:03:20Z note — ada (slack): failing over\n")
        .contains("## Open questions");
    String actions = draft.substring(draft.indexOf("## Actions taken"), draft.indexOf("## Open"));
    assertThat(actions)
        .contains("- acknowledged by ada (slack): \n", "- note by ada (slack): failing over\n")
        .doesNotContain("opened", "notified");
  }

  @Test
  void givenAnIncidentNobodyAcknowledged_theReviewDraftShouldSaySo() {
    String draft = IncidentText.reviewDraft(resolved("", List.of()), -1, 60_000);

    assertThat(draft)
        .contains("- Time to acknowledge: never acknowledged\n")
        .contains("- Service: (not given)\n");
  }
}
