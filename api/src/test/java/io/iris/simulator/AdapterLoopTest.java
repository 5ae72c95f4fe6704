package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.api.send.receipts.RecordingReceiptDispatcher;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.Reconciliation;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dev path end to end: the production adapters, configured by application-dev.yml, send to the
 * simulator, whose signed callbacks pass our webhooks' checks and reach the dispatcher.
 */
@ActiveProfiles({"dev", "test"})
@Import(RecordingReceiptDispatcher.Configuration.class)
class AdapterLoopTest extends ApiTestBase {

  @Autowired RecordingReceiptDispatcher dispatcher;
  @Autowired List<ProviderAdapter> adapters;
  @Autowired TestClock clock;

  private ProviderAdapter adapter(String name) {
    return adapters.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static OutboundMessage message(Channel channel, String to, String body) {
    UUID messageId = UUID.randomUUID();
    return new OutboundMessage(
        messageId,
        UUID.randomUUID().toString(),
        channel,
        to,
        "",
        channel == Channel.EMAIL ? "Loop test" : "",
        body,
        Map.of(),
        messageId + ":0");
  }

  @ParameterizedTest
  @CsvSource({
    "twilio, SMS, +15558675340, DELIVERED",
    "telnyx, SMS, +15558675341, DELIVERED",
    "sendgrid, EMAIL, loop@example.com, DELIVERED"
  })
  void givenTheDevProfile_whenAnAdapterSends_theProvidersReceiptShouldComeBackVerified(
      String provider, Channel channel, String to, ReceiptStatus finalStatus) {
    OutboundMessage message = message(channel, to, "Loop test body");
    UUID messageId = message.messageId();

    ProviderAcceptance accepted = adapter(provider).send(message);

    assertThat(accepted.providerMessageId()).isNotBlank();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.receiptsFor(messageId))
                    .extracting(DeliveryReceipt::status)
                    .contains(finalStatus));
    assertThat(dispatcher.receiptsFor(messageId))
        .allSatisfy(
            r -> {
              assertThat(r.provider()).isEqualTo(provider);
              assertThat(r.providerMessageId()).isEqualTo(accepted.providerMessageId());
            });
  }

  /**
   * The real adapters ask the simulated providers' documented list and search endpoints: the
   * message they took is found under the id they gave, one they never took is not. Twilio tells
   * messages apart by their text and Postmark by our id; Plivo shows neither, so its other message
   * goes to another number.
   */
  @ParameterizedTest
  @CsvSource({
    "twilio, SMS, +15558675342, +15558675342",
    "plivo, SMS, +15558675343, +15558675347",
    "postmark, EMAIL, reconcile@example.com, reconcile@example.com"
  })
  void givenTheDevProfile_whenAnAdapterReconcilesASentMessage_itShouldFindItAndNothingElse(
      String provider, Channel channel, String to, String neverSentTo) {
    Instant before = clock.instant().minusSeconds(1);
    OutboundMessage sent = message(channel, to, "Reconcile me " + UUID.randomUUID());
    ProviderAcceptance accepted = adapter(provider).send(sent);
    OutboundMessage neverSent = message(channel, neverSentTo, "Never sent " + UUID.randomUUID());

    assertThat(adapter(provider).reconcile(sent, before))
        .isEqualTo(Reconciliation.found(accepted.providerMessageId()));
    assertThat(adapter(provider).reconcile(neverSent, before)).isEqualTo(Reconciliation.notFound());
  }

  @ParameterizedTest
  @CsvSource({"twilio, +15558675344", "plivo, +15558675345"})
  void givenTheSameTextSentBeforeOurMessageWasAccepted_whenReconciling_itShouldNotBeTakenForOurs(
      String provider, String to) {
    OutboundMessage earlier = message(Channel.SMS, to, "Same text " + to);
    adapter(provider).send(earlier);
    // Both providers keep times to the second.
    clock.advance(Duration.ofMillis(1100));
    Instant accepted = clock.instant();
    OutboundMessage ours =
        new OutboundMessage(
            UUID.randomUUID(), "t", Channel.SMS, to, "", "", earlier.body(), Map.of(), "k:0");

    assertThat(adapter(provider).reconcile(ours, accepted)).isEqualTo(Reconciliation.notFound());
  }

  @ParameterizedTest
  @CsvSource({"telnyx, SMS, +15558675346", "sendgrid, EMAIL, nobody@example.com"})
  void givenAProviderThatCannotBeAsked_whenReconciling_itShouldSaySoWithoutGuessing(
      String provider, Channel channel, String to) {
    assertThat(
            adapter(provider)
                .reconcile(message(channel, to, "x"), clock.instant().minusSeconds(60)))
        .isEqualTo(Reconciliation.unsupported());
  }
}
