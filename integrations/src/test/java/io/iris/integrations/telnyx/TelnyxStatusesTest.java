package io.iris.integrations.telnyx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.integrations.spi.CallbackRequest;
import io.iris.integrations.spi.ProviderContractTest;
import io.iris.integrations.spi.ProviderFixtures;
import io.iris.integrations.spi.ReceiptSettings;
import io.iris.workflows.send.ReceiptStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.util.unit.DataSize;

/**
 * Polled or called back, a Telnyx recipient status means one thing: the adapter's retrieve of the
 * message and the {@code message.finalized} webhook are read through one mapping.
 */
class TelnyxStatusesTest extends ProviderContractTest {

  private KeyPair keys;
  private TelnyxSettings settings;

  @BeforeEach
  void keys() throws Exception {
    keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] der = keys.getPublic().getEncoded();
    settings =
        new TelnyxSettings(
            true,
            ProviderFixtures.LOCAL_BASE,
            BigDecimal.ONE,
            "KEY-telnyx-secret",
            "+15550002222",
            Base64.getEncoder()
                .encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length)));
  }

  /** What the {@code message.finalized} webhook makes of the status. */
  private Optional<ReceiptStatus> calledBack(String status) throws Exception {
    String body =
        "{\"data\":{\"event_type\":\"message.finalized\",\"id\":\"ev-1\",\"payload\":{\"id\":\"m-1\","
            + "\"to\":[{\"status\":\""
            + status
            + "\"}]}}}";
    String timestamp = Long.toString(ProviderFixtures.NOW.getEpochSecond());
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(keys.getPrivate());
    signer.update((timestamp + "|" + body).getBytes(StandardCharsets.UTF_8));
    TelnyxCallbacks callbacks =
        new TelnyxCallbacks(
            settings,
            new ReceiptSettings(Duration.ofMinutes(5), 100, DataSize.ofMegabytes(1)),
            new DefaultListableBeanFactory().getBeanProvider(ObjectMapper.class),
            ProviderFixtures.CLOCK);
    return callbacks
        .receive(
            new CallbackRequest(
                List.of("https://iris.example.com/webhooks/telnyx"),
                "messageId=" + ProviderFixtures.MESSAGE_ID,
                Map.of(
                    TelnyxCallbacks.TIMESTAMP_HEADER,
                    timestamp,
                    TelnyxCallbacks.SIGNATURE_HEADER,
                    Base64.getEncoder().encodeToString(signer.sign())),
                body.getBytes(StandardCharsets.UTF_8)))
        .stream()
        .map(r -> r.receipt().status())
        .findFirst();
  }

  /** What the adapter's poll makes of the status. */
  private Optional<ReceiptStatus> polled(String status) {
    answer(200, "{\"data\":{\"to\":[{\"status\":\"" + status + "\"}]}}");
    return new TelnyxAdapter(settings, http, callbacks).deliveryStatus("m-1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "queued",
        "sending",
        "sent",
        "delivered",
        "delivery_failed",
        "delivery_unconfirmed",
        "sending_failed",
        "expired"
      })
  void givenATelnyxStatus_whenPolledAndWhenCalledBack_itShouldMeanTheSame(String status)
      throws Exception {
    assertThat(calledBack(status)).isEqualTo(polled(status));
  }

  @ParameterizedTest
  @ValueSource(strings = {"delivery_unconfirmed"})
  void givenDeliveryUnconfirmed_whenCalledBackOrPolled_itShouldNotBeFinal(String status)
      throws Exception {
    assertThat(calledBack(status)).contains(ReceiptStatus.SENT);
    assertThat(polled(status)).contains(ReceiptStatus.SENT);
  }
}
