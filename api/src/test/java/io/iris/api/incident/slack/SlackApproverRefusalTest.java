package io.iris.api.incident.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.remediation.slack.SlackRemediationActivitiesImpl;
import io.iris.api.remediation.RemediationService;
import io.iris.integrations.slack.RemediationClick;
import io.iris.workflows.incident.SlackMessageRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A click by someone not among IRIS_REMEDIATION_APPROVERS is answered, never signalled. */
class SlackApproverRefusalTest {

  static RemediationSettings approvers(List<String> ids) {
    return RemediationSettings.defaults().withApprovers(ids);
  }

  /** Replies, recorded instead of posted. */
  static final class Replies extends SlackRemediationActivitiesImpl {
    final List<String> posted = new CopyOnWriteArrayList<>();

    Replies() {
      super(null);
    }

    @Override
    public void reply(SlackMessageRef message, String text) {
      posted.add(message.channel() + " " + message.ts() + " " + text);
    }
  }

  static final RemediationClick CLICK =
      new RemediationClick(
          RemediationClick.Kind.APPROVE,
          "remediation-7d7c1f0e-2a8b-4c1e-9f57-5b7f3b0f4a11-provider-failover",
          "U999",
          "U999 (mallory)",
          "C0INC",
          "1772366400.000200");

  @Test
  void givenApprovers_whenSomeoneElseClicksApprove_itShouldReplySoAndSignalNothing() {
    // No Temporal client at all: a signal attempt would fail and post no reply.
    RemediationService service =
        new RemediationService(null, approvers(List.of("U1", "U2")), Duration.ofSeconds(5));
    Replies replies = new Replies();
    SlackActionRunner runner = new SlackActionRunner();
    try {
      runner.runRemediations(service, replies, null, List.of(CLICK));
    } finally {
      runner.destroy();
    }
    assertThat(service.mayApprove("U999")).isFalse();
    assertThat(service.mayApprove("U1")).isTrue();
    assertThat(replies.posted)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("C0INC 1772366400.000200 :no_entry: U999 (mallory)")
                    .contains("IRIS_REMEDIATION_APPROVERS"));
  }

  @Test
  void givenNoApprovers_whenAnyoneClicks_itMayApprove() {
    RemediationService service =
        new RemediationService(null, approvers(List.of()), Duration.ofSeconds(5));
    assertThat(service.mayApprove("U999")).isTrue();
  }
}
