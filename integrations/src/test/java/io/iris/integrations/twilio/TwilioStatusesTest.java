package io.iris.integrations.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.integrations.spi.CallbackFields;
import io.iris.integrations.spi.CallbackRequest;
import io.iris.integrations.spi.ProviderContractTest;
import io.iris.integrations.spi.ProviderFixtures;
import io.iris.integrations.spi.ReceivedReceipt;
import io.iris.workflows.send.ReceiptStatus;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Polled or called back, a Twilio status means one thing: the adapter's poll of the Message
 * resource and the status callback are read through one mapping.
 */
class TwilioStatusesTest extends ProviderContractTest {

  private static final String TOKEN = "twilio-secret";
  private static final String URL =
      "https://iris.example.com/webhooks/twilio/status?messageId=" + ProviderFixtures.MESSAGE_ID;

  private TwilioSettings settings() {
    return new TwilioSettings(
        true, ProviderFixtures.LOCAL_BASE, BigDecimal.ONE, "AC0001", TOKEN, "+15550001111");
  }

  /** What the status callback makes of the status: its receipt's status, or nothing. */
  private Optional<ReceiptStatus> calledBack(String status) {
    String body =
        "MessageSid=SM0001&MessageStatus=" + URLEncoder.encode(status, StandardCharsets.UTF_8);
    String signature = TwilioSignature.compute(TOKEN, URL, CallbackFields.formFields(body));
    List<ReceivedReceipt> receipts =
        new TwilioCallbacks(settings())
            .receive(
                new CallbackRequest(
                    List.of(URL),
                    "messageId=" + ProviderFixtures.MESSAGE_ID,
                    Map.of(TwilioCallbacks.SIGNATURE_HEADER, signature),
                    body.getBytes(StandardCharsets.UTF_8)));
    return receipts.stream().map(r -> r.receipt().status()).findFirst();
  }

  /** What the adapter's poll makes of the status. */
  private Optional<ReceiptStatus> polled(String status) {
    answer(200, "{\"sid\":\"SM0001\",\"status\":\"" + status + "\"}");
    return new TwilioAdapter(settings(), http, callbacks).deliveryStatus("SM0001");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "accepted",
        "scheduled",
        "queued",
        "sending",
        "sent",
        "delivered",
        "read",
        "undelivered",
        "failed",
        "canceled"
      })
  void givenATwilioStatus_whenPolledAndWhenCalledBack_itShouldMeanTheSame(String status) {
    assertThat(calledBack(status)).isEqualTo(polled(status));
  }

  @ParameterizedTest
  @ValueSource(strings = {"read", "delivered"})
  void givenAReadReceipt_whenCalledBackOrPolled_itShouldProveDelivery(String status) {
    assertThat(calledBack(status)).contains(ReceiptStatus.DELIVERED);
    assertThat(polled(status)).contains(ReceiptStatus.DELIVERED);
  }
}
