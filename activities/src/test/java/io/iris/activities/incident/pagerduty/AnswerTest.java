package io.iris.activities.incident.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import io.iris.activities.incident.pagerduty.PagerDutyActivitiesImpl.Answer;
import io.iris.activities.incident.pagerduty.PagerDutyActivitiesImpl.Answer.Kind;
import org.junit.jupiter.api.Test;

/** How each {@link EventResult} the library can return is read. */
class AnswerTest {

  @Test
  void givenPagerDutysSuccessBody_whenRead_itShouldBeAccepted() {
    assertThat(Answer.of(EventResult.successEvent("success", "Event processed", "inc-1")).kind())
        .isEqualTo(Kind.ACCEPTED);
    assertThat(Answer.of(EventResult.successEvent(null, null, "inc-1")).kind())
        .isEqualTo(Kind.ACCEPTED);
  }

  @Test
  void givenAnInvalidEventBody_whenRead_itShouldBeRejected() {
    Answer answer =
        Answer.of(
            EventResult.errorEvent(
                "invalid event", "Event object is invalid", "[\"'payload' is missing\"]"));

    assertThat(answer.kind()).isEqualTo(Kind.REJECTED);
    assertThat(answer.toString())
        .isEqualTo("HTTP 400, invalid event: Event object is invalid [\"'payload' is missing\"]");
    assertThat(
            Answer.of(EventResult.errorEvent("invalid event", "Event object is invalid", null))
                .kind())
        .isEqualTo(Kind.REJECTED);
  }

  @Test
  void givenAnAnswerWithoutABody_whenRead_itShouldBeRetried() {
    assertThat(Answer.of(EventResult.successEvent(null, null, null)).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void givenOtherStatuses_whenRead_itShouldSortThemByWhetherARetryCanHelp() {
    assertThat(Answer.of(EventResult.errorEvent("429", "", "")).kind())
        .isEqualTo(Kind.RATE_LIMITED);
    assertThat(Answer.of(EventResult.errorEvent("500", "", "")).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(Answer.of(EventResult.errorEvent("503", "", "")).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(Answer.of(EventResult.errorEvent("408", "", "")).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(Answer.of(EventResult.errorEvent("404", "", "")).kind()).isEqualTo(Kind.REJECTED);
    assertThat(Answer.of(EventResult.errorEvent("413", "", "")).kind()).isEqualTo(Kind.REJECTED);
  }
}
