package io.iris.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncidentMessageTest {

  @Test
  void givenAThreadLineWithAnEscalationMention_whenFormatted_itShouldKeepTheMention() {
    assertThat(
            IncidentMessage.threadText(
                ":rotating_light: Escalated to level 1, secondary <!subteam^S0123|oncall> — no ack"))
        .isEqualTo(
            ":rotating_light: Escalated to level 1, secondary <!subteam^S0123|oncall> — no ack");
    assertThat(IncidentMessage.threadText("paging <@U0ADA> in <#C0OPS>"))
        .isEqualTo("paging <@U0ADA> in <#C0OPS>");
  }

  @Test
  void givenOutsideTextWithLinksOrBroadcasts_whenFormatted_itShouldEscapeThem() {
    assertThat(IncidentMessage.threadText("note: <!channel> see <https://evil.test|here> & a<b"))
        .isEqualTo("note: &lt;!channel&gt; see &lt;https://evil.test|here&gt; &amp; a&lt;b");
  }
}
