package io.iris.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.ButtonElement;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.iris.workflows.remediation.ApprovalRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationMessageTest {

  static final String ID = "remediation-1b2c3d4e-0000-4000-8000-000000000001-provider-failover";

  static ApprovalRequest request() {
    return new ApprovalRequest(
        ID,
        "1b2c3d4e-0000-4000-8000-000000000001",
        "provider-failover",
        "Move <traffic> off a failing provider",
        new AnomalyRef(
            "a1",
            AnomalyType.PROVIDER_OUTAGE,
            Severity.CRITICAL,
            "provider_outage:sms:twilio",
            "sms",
            "twilio",
            "",
            "",
            98,
            40,
            -59,
            "percent",
            "",
            0),
        List.of("failover"),
        "C1",
        "1700.1",
        900_000);
  }

  static List<ButtonElement> buttons(List<LayoutBlock> blocks) {
    return blocks.stream()
        .filter(ActionsBlock.class::isInstance)
        .flatMap(b -> ((ActionsBlock) b).getElements().stream())
        .map(ButtonElement.class::cast)
        .toList();
  }

  @Test
  void givenAnApprovalRequest_whenRendered_itShouldOfferApproveAndRejectForTheRemediation() {
    List<ButtonElement> buttons = buttons(RemediationMessage.blocks(request()));
    assertThat(buttons)
        .extracting(ButtonElement::getActionId)
        .containsExactly(RemediationMessage.APPROVE, RemediationMessage.REJECT);
    assertThat(buttons).extracting(ButtonElement::getValue).containsOnly(ID);
    assertThat(RemediationMessage.text(request())).contains("provider-failover");
    assertThat(RemediationMessage.blocks(request()).toString())
        .contains("&lt;traffic&gt;")
        .contains("PT15M");
  }

  @Test
  void givenAnAnsweredRequest_whenRendered_itShouldHaveNoButtonsAndSayHow() {
    List<LayoutBlock> blocks = RemediationMessage.answeredBlocks(request(), "timed_out");
    assertThat(buttons(blocks)).isEmpty();
    assertThat(blocks.toString()).contains("humans are paged");
    assertThat(RemediationMessage.answeredText(request(), "approved")).endsWith("approved");
  }

  static byte[] form(String payload) {
    return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givenARemediationClick_whenRead_itShouldBeARemediationClickAndNoIncidentClick() {
    String payload =
        """
        {"type":"block_actions","user":{"id":"U1","username":"ada"},
         "channel":{"id":"C1"},"container":{"message_ts":"1700.2"},
         "actions":[{"action_id":"remediation_approve","value":"%s"},
                    {"action_id":"something_else","value":"x"}]}
        """
            .formatted(ID);
    SlackClicks clicks = SlackClicks.read(new ObjectMapper(), form(payload));
    assertThat(clicks.incidents()).isEmpty();
    assertThat(clicks.remediations())
        .containsExactly(
            new RemediationClick(
                RemediationClick.Kind.APPROVE, ID, "U1", "U1 (ada)", "C1", "1700.2"));
  }

  @Test
  void givenAnIncidentClick_whenRead_itShouldStayAnIncidentClick() {
    String payload =
        """
        {"type":"block_actions","user":{"id":"U1"},
         "actions":[{"action_id":"incident_resolve","value":"inc-1"}]}
        """;
    SlackClicks clicks = SlackClicks.read(new ObjectMapper(), form(payload));
    assertThat(clicks.remediations()).isEmpty();
    assertThat(clicks.incidents())
        .containsExactly(new IncidentClick(IncidentClick.Kind.RESOLVE, "inc-1", "U1"));
  }

  @Test
  void givenCostReviewClicks_whenRead_theyShouldBeCostClicksOnly() {
    String payload =
        """
        {"type":"block_actions","user":{"id":"U2","name":"grace"},
         "actions":[{"action_id":"cost_opportunity_approve","value":"op-1"},
                    {"action_id":"cost_opportunity_dismiss","value":"op-2"}]}
        """;
    SlackClicks clicks = SlackClicks.read(new ObjectMapper(), form(payload));
    assertThat(clicks.incidents()).isEmpty();
    assertThat(clicks.remediations()).isEmpty();
    assertThat(clicks.costs())
        .containsExactly(
            new CostClick(true, "op-1", "U2", "U2 (grace)"),
            new CostClick(false, "op-2", "U2", "U2 (grace)"));
  }

  @Test
  void givenACostClickWithoutItsValue_whenRead_itShouldBeRefusedNamingTheField() {
    String payload =
        """
        {"type":"block_actions","user":{"id":"U2"},
         "actions":[{"action_id":"cost_opportunity_approve"}]}
        """;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SlackClicks.read(new ObjectMapper(), form(payload)))
        .isInstanceOfSatisfying(
            io.iris.integrations.spi.CallbackRejection.class,
            r -> assertThat(r.subject()).isEqualTo("payload.actions[0].value"));
  }
}
