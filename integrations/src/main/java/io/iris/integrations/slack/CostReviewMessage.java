package io.iris.integrations.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.iris.workflows.cost.CostOpportunity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cost-optimization opportunity waiting for review in Slack: what it changes, what it saves a
 * day, its quality impact and when it expires, with Approve / Dismiss buttons whose value is the
 * opportunity id (answered through the signed interactivity endpoint, as incident buttons are).
 */
public final class CostReviewMessage {

  /** Button action ids, shared with the interactivity endpoint. */
  public static final String APPROVE = "cost_opportunity_approve";

  public static final String DISMISS = "cost_opportunity_dismiss";

  public static final String ACTIONS_BLOCK_ID = "cost_opportunity_actions";

  private static final int SECTION_MAX = 3000;

  private CostReviewMessage() {}

  /** The fallback text. */
  public static String text(CostOpportunity o) {
    return "Cost opportunity for review: "
        + IncidentMessage.escape(o.type().wireName())
        + " saving $"
        + o.savingsUsdPerDay()
        + " a day";
  }

  public static List<LayoutBlock> blocks(CostOpportunity o, Instant expiresAt) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        HeaderBlock.builder()
            .text(
                PlainTextObject.builder()
                    .text(":moneybag: Cost opportunity: " + o.type().wireName().replace('_', ' '))
                    .emoji(true)
                    .build())
            .build());
    List<TextObject> fields = new ArrayList<>();
    fields.add(
        RemediationMessage.field(
            "Saves a day", "$" + o.savingsUsdPerDay() + " (" + o.savingsPercent() + "%)"));
    fields.add(RemediationMessage.field("Costs a day now", "$" + o.currentCostUsdPerDay()));
    if (!o.channel().isEmpty()) {
      fields.add(RemediationMessage.field("Channel", IncidentMessage.escape(o.channel())));
    }
    fields.add(
        RemediationMessage.field(
            o.type().routes() ? "Switch" : "Resource",
            IncidentMessage.escape(
                o.type().routes()
                    ? o.currentProvider() + " → " + o.recommendedProvider()
                    : o.resource() + " on " + o.currentProvider())));
    fields.add(
        RemediationMessage.field("Quality impact", IncidentMessage.escape(o.qualityImpact())));
    fields.add(
        RemediationMessage.field(
            "Expires",
            "<!date^"
                + expiresAt.getEpochSecond()
                + "^{date_short_pretty} {time}|"
                + expiresAt
                + ">"));
    blocks.add(SectionBlock.builder().fields(fields).build());
    blocks.add(
        SectionBlock.builder()
            .text(
                RemediationMessage.markdown(
                    IncidentMessage.shorten(IncidentMessage.escape(o.reason()), SECTION_MAX)))
            .build());
    blocks.add(
        ActionsBlock.builder()
            .blockId(ACTIONS_BLOCK_ID)
            .elements(
                List.<BlockElement>of(
                    RemediationMessage.button("Approve", APPROVE, o.id(), "primary"),
                    RemediationMessage.button("Dismiss", DISMISS, o.id(), "danger")))
            .build());
    List<ContextBlockElement> context = new ArrayList<>();
    context.add(
        RemediationMessage.markdown("Opportunity `" + IncidentMessage.escape(o.id()) + "`"));
    blocks.add(ContextBlock.builder().elements(context).build());
    return blocks;
  }
}
