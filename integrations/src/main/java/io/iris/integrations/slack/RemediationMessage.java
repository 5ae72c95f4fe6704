package io.iris.integrations.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import io.iris.workflows.remediation.ApprovalRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A remediation's approval request in Slack (in the incident's thread when it has one): which
 * runbook, for which incident and anomaly, the steps waiting, and Approve / Reject buttons whose
 * value is the remediation id. Once answered, the same message without buttons, saying how.
 */
public final class RemediationMessage {

  /** Button action ids, shared with the interactivity endpoint. */
  public static final String APPROVE = "remediation_approve";

  public static final String REJECT = "remediation_reject";

  /** The block id of the buttons. */
  public static final String ACTIONS_BLOCK_ID = "remediation_actions";

  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;
  private static final int FIELD_MAX = 2000;

  private RemediationMessage() {}

  /** The fallback text of the request. */
  public static String text(ApprovalRequest request) {
    return "Approval needed: runbook "
        + IncidentMessage.escape(request.runbook())
        + " for incident "
        + IncidentMessage.escape(request.incidentId());
  }

  /** The fallback text once answered ({@code approved}, {@code rejected}, {@code timed_out}). */
  public static String answeredText(ApprovalRequest request, String outcome) {
    return "Runbook "
        + IncidentMessage.escape(request.runbook())
        + " for incident "
        + IncidentMessage.escape(request.incidentId())
        + ": "
        + outcomeWords(outcome);
  }

  /** The request with its buttons. */
  public static List<LayoutBlock> blocks(ApprovalRequest request) {
    List<LayoutBlock> blocks = body(request, ":raised_hand: Approve auto-remediation?");
    blocks.add(
        ActionsBlock.builder()
            .blockId(ACTIONS_BLOCK_ID)
            .elements(
                List.<BlockElement>of(
                    button("Approve", APPROVE, request.remediationId(), "primary"),
                    button("Reject", REJECT, request.remediationId(), "danger")))
            .build());
    return blocks;
  }

  /** The answered request: no buttons, and how it was answered. */
  public static List<LayoutBlock> answeredBlocks(ApprovalRequest request, String outcome) {
    String icon =
        switch (outcome) {
          case "approved" -> ":white_check_mark:";
          case "rejected" -> ":no_entry:";
          default -> ":hourglass:";
        };
    List<LayoutBlock> blocks = body(request, icon + " Auto-remediation " + outcomeWords(outcome));
    return blocks;
  }

  private static List<LayoutBlock> body(ApprovalRequest request, String header) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        HeaderBlock.builder()
            .text(
                PlainTextObject.builder()
                    .text(IncidentMessage.shorten(header, HEADER_MAX))
                    .emoji(true)
                    .build())
            .build());
    List<TextObject> fields = new ArrayList<>();
    fields.add(field("Runbook", IncidentMessage.escape(request.runbook())));
    fields.add(field("Incident", "`" + IncidentMessage.escape(request.incidentId()) + "`"));
    if (request.anomaly() != null) {
      fields.add(
          field(
              "Anomaly",
              IncidentMessage.escape(
                  request.anomaly().type().wireName()
                      + scope(request)
                      + ": expected "
                      + number(request.anomaly().expected())
                      + ", actual "
                      + number(request.anomaly().actual())
                      + (request.anomaly().unit().isEmpty()
                          ? ""
                          : " " + request.anomaly().unit()))));
    }
    fields.add(field("Answer within", Duration.ofMillis(request.timeoutMillis()).toString()));
    blocks.add(SectionBlock.builder().fields(fields).build());
    if (!request.description().isBlank()) {
      blocks.add(
          SectionBlock.builder()
              .text(
                  markdown(
                      IncidentMessage.shorten(
                          IncidentMessage.escape(request.description()), SECTION_MAX)))
              .build());
    }
    StringBuilder steps = new StringBuilder("*Steps*");
    if (request.steps().isEmpty()) {
      steps.append("\n(none)");
    }
    for (int i = 0; i < request.steps().size(); i++) {
      steps
          .append("\n")
          .append(i + 1)
          .append(". ")
          .append(IncidentMessage.escape(request.steps().get(i)));
    }
    blocks.add(
        SectionBlock.builder()
            .text(markdown(IncidentMessage.shorten(steps.toString(), SECTION_MAX)))
            .build());
    List<ContextBlockElement> context = new ArrayList<>();
    context.add(markdown("Remediation `" + IncidentMessage.escape(request.remediationId()) + "`"));
    blocks.add(ContextBlock.builder().elements(context).build());
    return blocks;
  }

  private static String scope(ApprovalRequest request) {
    var a = request.anomaly();
    List<String> parts = new ArrayList<>();
    for (String p : List.of(a.channel(), a.provider(), a.tenantId(), a.taskQueue())) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    return parts.isEmpty() ? "" : " on " + String.join("/", parts);
  }

  private static String outcomeWords(String outcome) {
    return switch (outcome) {
      case "approved" -> "approved";
      case "rejected" -> "rejected";
      case "timed_out" -> "not answered in time: humans are paged";
      default -> outcome;
    };
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(Math.round(value * 100.0) / 100.0);
  }

  static ButtonElement button(String label, String actionId, String value, String style) {
    return ButtonElement.builder()
        .text(PlainTextObject.builder().text(label).emoji(true).build())
        .actionId(actionId)
        .value(value)
        .style(style)
        .build();
  }

  static MarkdownTextObject field(String name, String value) {
    return markdown(IncidentMessage.shorten("*" + name + "*\n" + value, FIELD_MAX));
  }

  static MarkdownTextObject markdown(String text) {
    return MarkdownTextObject.builder().text(text).build();
  }
}
