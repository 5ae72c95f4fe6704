package io.iris.api.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.send.provider.OutboundMessage;
import io.iris.activities.send.provider.ProviderAcceptance;
import io.iris.activities.send.provider.ProviderAdapter;
import io.iris.api.send.receipts.RecordingReceiptDispatcher;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.time.Duration;
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

  private ProviderAdapter adapter(String name) {
    return adapters.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({
    "twilio, SMS, +15558675340, DELIVERED",
    "telnyx, SMS, +15558675341, DELIVERED",
    "sendgrid, EMAIL, loop@example.com, DELIVERED"
  })
  void givenTheDevProfile_whenAnAdapterSends_theProvidersReceiptShouldComeBackVerified(
      String provider, Channel channel, String to, ReceiptStatus finalStatus) {
    UUID messageId = UUID.randomUUID();
    OutboundMessage message =
        new OutboundMessage(
            messageId,
            UUID.randomUUID().toString(),
            channel,
            to,
            "",
            channel == Channel.EMAIL ? "Loop test" : "",
            "Loop test body",
            Map.of(),
            messageId + "-1");

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
    // A retry with the same key is the same message at the provider: nothing is sent twice.
    assertThat(adapter(provider).send(message).providerMessageId())
        .isEqualTo(accepted.providerMessageId());
  }
}
