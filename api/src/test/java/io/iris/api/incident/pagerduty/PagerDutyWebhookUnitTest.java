package io.iris.api.incident.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.api.incident.IncidentActions;
import io.iris.integrations.pagerduty.PagerDutySettings;
import io.iris.integrations.pagerduty.PagerDutySignature;
import io.iris.integrations.pagerduty.PagerDutyWebhooks;
import io.iris.integrations.spi.ReceiptSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * The webhook without the application, for what the shared test configuration cannot show: no
 * secret configured, no incident actions, a failing action, and oversized bodies.
 */
class PagerDutyWebhookUnitTest {

  private static final String SECRET = "unit-secret";
  private static final String BODY =
      "{\"event\":{\"id\":\"01X\",\"event_type\":\"incident.acknowledged\","
          + "\"agent\":{\"summary\":\"Jane\"},\"data\":{\"incident_key\":\"inc-1\"}}}";

  private static PagerDutyWebhook webhook(String secret, IncidentActions actions, long maxBody) {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    if (actions != null) {
      beans.registerSingleton("actions", actions);
    }
    return new PagerDutyWebhook(
        new PagerDutyWebhooks(
            new PagerDutySettings(null, null, secret, null, null),
            beans.getBeanProvider(ObjectMapper.class)),
        new ReceiptSettings(Duration.ofMinutes(5), 100, DataSize.ofBytes(maxBody)),
        beans.getBeanProvider(IncidentActions.class));
  }

  private static MockHttpServletRequest signed(String body, String webhookId) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", PagerDutyWebhook.PATH);
    request.setContentType("application/json");
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    request.addHeader(
        PagerDutySignature.HEADER,
        "v1=" + PagerDutySignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    request.addHeader(PagerDutyWebhook.WEBHOOK_ID, webhookId);
    return request;
  }

  @Test
  void givenNoSecret_whenDelivered_itShouldAnswer403() {
    ErrorResponseException e =
        catchThrowableOfType(
            ErrorResponseException.class,
            () -> webhook("", null, 10_000).receive(signed(BODY, "w1")));

    assertThat(e.getStatusCode().value()).isEqualTo(403);
    assertThat(e.getBody().getDetail()).contains("iris.pagerduty.webhook-secret");
  }

  @Test
  void givenABodyOverTheLimit_whenDelivered_itShouldAnswer413() {
    ErrorResponseException e =
        catchThrowableOfType(
            ErrorResponseException.class,
            () -> webhook(SECRET, null, 10).receive(signed(BODY, "w1")));

    assertThat(e.getStatusCode().value()).isEqualTo(413);
  }

  @Test
  void givenNoIncidentActions_whenDelivered_itShouldAnswer503AndTakeTheRedelivery()
      throws Exception {
    RecordingIncidentActions recorder = new RecordingIncidentActions();
    PagerDutyWebhook without = webhook(SECRET, null, 10_000);

    ErrorResponseException e =
        catchThrowableOfType(
            ErrorResponseException.class, () -> without.receive(signed(BODY, "w1")));
    assertThat(e.getStatusCode().value()).isEqualTo(503);

    // A failed delivery is not remembered: its redelivery is handled.
    PagerDutyWebhook failingOnce = webhook(SECRET, new FailingOnce(recorder), 10_000);
    catchThrowableOfType(
        ErrorResponseException.class, () -> failingOnce.receive(signed(BODY, "w2")));
    assertThat(failingOnce.receive(signed(BODY, "w2")).getStatusCode().value()).isEqualTo(202);
    assertThat(recorder.forIncident("inc-1")).hasSize(1);
  }

  /** Fails its first call, as when Temporal cannot be reached, then records. */
  private static final class FailingOnce implements IncidentActions {
    private final IncidentActions next;
    private boolean failed;

    FailingOnce(IncidentActions next) {
      this.next = next;
    }

    private void maybeFail() {
      if (!failed) {
        failed = true;
        throw new IllegalStateException("Temporal unavailable");
      }
    }

    @Override
    public Outcome acknowledge(String incidentId, String actor, String source) {
      maybeFail();
      return next.acknowledge(incidentId, actor, source);
    }

    @Override
    public Outcome resolve(String incidentId, String actor, String source) {
      maybeFail();
      return next.resolve(incidentId, actor, source);
    }

    @Override
    public Outcome escalate(String incidentId, String actor, String source) {
      maybeFail();
      return next.escalate(incidentId, actor, source);
    }
  }
}
