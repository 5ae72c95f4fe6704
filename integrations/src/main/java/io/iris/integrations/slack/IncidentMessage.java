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
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The incident's Slack message: a {@code text} fallback (notifications, screen readers) and Block
 * Kit blocks. Buttons carry the incident id as their value; the interactivity endpoint of the api
 * module turns clicks into incident actions by their {@code action_id}.
 */
public final class IncidentMessage {

  /** Button action ids, shared with the interactivity endpoint. */
  public static final String ACKNOWLEDGE = "incident_acknowledge";

  public static final String RESOLVE = "incident_resolve";
  public static final String ESCALATE = "incident_escalate";

  /** The block id of the buttons. */
  public static final String ACTIONS_BLOCK_ID = "incident_actions";

  // Block Kit limits: header text 150, section text 3000, field text 2000 characters.
  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;
  private static final int FIELD_MAX = 2000;

  /** Mentions a thread line may keep: users, user groups, channels (with optional labels). */
  private static final Pattern MENTION =
      Pattern.compile("<(?:@[UW][A-Z0-9]+|!subteam\\^[A-Z0-9]+|#C[A-Z0-9]+)(?:\\|[^<>|&]*)?>");

  /**
   * Where the message links to.
   *
   * @param incidentUrl the incident in the API, or "" for none
   * @param workflowUrl the workflow in the Temporal UI, or "" for none
   */
  public record Links(String incidentUrl, String workflowUrl) {
    public Links {
      incidentUrl = incidentUrl == null ? "" : incidentUrl;
      workflowUrl = workflowUrl == null ? "" : workflowUrl;
    }
  }

  private IncidentMessage() {}

  /** The fallback text: severity, title, service and status, in one line. */
  public static String text(IncidentSnapshot incident) {
    StringBuilder text =
        new StringBuilder("[")
            .append(severity(incident).name())
            .append("] ")
            .append(escape(orElse(incident.title(), "Incident " + incident.incidentId())));
    if (!orElse(incident.service(), "").isEmpty()) {
      text.append(" (").append(escape(incident.service())).append(')');
    }
    text.append(" is ").append(status(incident).wireName());
    return text.toString();
  }

  public static List<LayoutBlock> blocks(IncidentSnapshot incident, Links links) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        HeaderBlock.builder()
            .text(
                PlainTextObject.builder()
                    .text(
                        shorten(
                            emoji(incident)
                                + " "
                                + severity(incident).name()
                                + ": "
                                + orElse(incident.title(), "Incident " + incident.incidentId()),
                            HEADER_MAX))
                    .emoji(true)
                    .build())
            .build());

    List<TextObject> fields = new ArrayList<>();
    fields.add(field("Severity", capitalized(severity(incident).wireName())));
    fields.add(field("Status", capitalized(status(incident).wireName())));
    fields.add(field("Service", escape(orElse(incident.service(), "—"))));
    fields.add(field("Escalation level", level(incident.escalationLevel())));
    if (!orElse(incident.acknowledgedBy(), "").isEmpty()) {
      fields.add(field("Acknowledged by", escape(incident.acknowledgedBy())));
    }
    if (!orElse(incident.resolvedBy(), "").isEmpty()) {
      fields.add(field("Resolved by", escape(incident.resolvedBy())));
    }
    blocks.add(SectionBlock.builder().fields(fields).build());

    if (!orElse(incident.description(), "").isEmpty()) {
      blocks.add(
          SectionBlock.builder()
              .text(markdown(shorten(escape(incident.description()), SECTION_MAX)))
              .build());
    }

    blocks.add(ContextBlock.builder().elements(context(incident, links)).build());

    List<BlockElement> buttons = buttons(incident);
    if (!buttons.isEmpty()) {
      blocks.add(ActionsBlock.builder().blockId(ACTIONS_BLOCK_ID).elements(buttons).build());
    }
    return blocks;
  }

  /**
   * Acknowledge, Resolve and Escalate while open; no Acknowledge once acknowledged; nothing once
   * resolved.
   */
  static List<BlockElement> buttons(IncidentSnapshot incident) {
    IncidentStatus status = status(incident);
    List<BlockElement> buttons = new ArrayList<>();
    if (status == IncidentStatus.RESOLVED) {
      return buttons;
    }
    boolean acknowledged =
        status == IncidentStatus.ACKNOWLEDGED || !orElse(incident.acknowledgedBy(), "").isEmpty();
    if (!acknowledged) {
      buttons.add(button("Acknowledge", ACKNOWLEDGE, incident.incidentId(), "primary"));
    }
    buttons.add(button("Resolve", RESOLVE, incident.incidentId(), null));
    buttons.add(button("Escalate", ESCALATE, incident.incidentId(), "danger"));
    return buttons;
  }

  private static List<ContextBlockElement> context(IncidentSnapshot incident, Links links) {
    List<String> parts = new ArrayList<>();
    String id = escape(incident.incidentId());
    parts.add(
        links.incidentUrl().isEmpty()
            ? "Incident `" + id + "`"
            : "<" + links.incidentUrl() + "|Incident " + id + ">");
    String workflowId = orElse(incident.workflowId(), "");
    if (!workflowId.isEmpty()) {
      parts.add(
          links.workflowUrl().isEmpty()
              ? "Workflow `" + escape(workflowId) + "`"
              : "<" + links.workflowUrl() + "|Workflow " + escape(workflowId) + ">");
    }
    if (incident.openedAtMillis() > 0) {
      long seconds = incident.openedAtMillis() / 1000;
      parts.add(
          "opened <!date^"
              + seconds
              + "^{date_short_pretty} at {time}|"
              + Instant.ofEpochSecond(seconds)
              + ">");
    }
    List<ContextBlockElement> elements = new ArrayList<>();
    elements.add(markdown(String.join(" · ", parts)));
    return elements;
  }

  private static ButtonElement button(String label, String actionId, String value, String style) {
    return ButtonElement.builder()
        .text(PlainTextObject.builder().text(label).emoji(true).build())
        .actionId(actionId)
        .value(value)
        .style(style)
        .build();
  }

  private static MarkdownTextObject field(String name, String value) {
    return markdown(shorten("*" + name + "*\n" + value, FIELD_MAX));
  }

  private static MarkdownTextObject markdown(String text) {
    return MarkdownTextObject.builder().text(text).build();
  }

  private static String level(int level) {
    return level <= 0 ? "0 (first responders)" : Integer.toString(level);
  }

  private static String emoji(IncidentSnapshot incident) {
    if (status(incident) == IncidentStatus.RESOLVED) {
      return ":white_check_mark:";
    }
    return switch (severity(incident)) {
      case CRITICAL -> ":red_circle:";
      case HIGH -> ":large_orange_circle:";
      case MEDIUM -> ":large_yellow_circle:";
      case LOW -> ":white_circle:";
    };
  }

  private static Severity severity(IncidentSnapshot incident) {
    return incident.severity() == null ? Severity.LOW : incident.severity();
  }

  private static IncidentStatus status(IncidentSnapshot incident) {
    return incident.status() == null ? IncidentStatus.OPEN : incident.status();
  }

  private static String capitalized(String word) {
    return word.isEmpty()
        ? word
        : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  /**
   * A thread line as mrkdwn: emoji and formatting pass, and so do mentions of users ({@code
   * <@U…>}), user groups ({@code <!subteam^S…>}) and channels ({@code <#C…>}), which escalation
   * levels use; every other {@code <…>} (links, {@code <!channel>}, {@code <!here>}) and {@code &}
   * is escaped, because lines carry text from outside (notes, reasons).
   */
  public static String threadText(String line) {
    if (line == null || line.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    Matcher mention = MENTION.matcher(line);
    int from = 0;
    while (mention.find()) {
      text.append(escape(line.substring(from, mention.start()))).append(mention.group());
      from = mention.end();
    }
    return text.append(escape(line.substring(from))).toString();
  }

  /** Slack's mrkdwn escaping: text from outside (titles, services, notes) cannot make links. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
