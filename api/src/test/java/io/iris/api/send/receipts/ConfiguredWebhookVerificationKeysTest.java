package io.iris.api.send.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConfiguredWebhookVerificationKeysTest {

  private static ReceiptCredentials credentials(String telnyx, String sendgrid) {
    return new ReceiptCredentials(
        new ReceiptCredentials.Twilio(""),
        new ReceiptCredentials.Telnyx(telnyx),
        new ReceiptCredentials.Sendgrid(sendgrid));
  }

  @Test
  void givenKeysAsTheProvidersPublishThem_whenRead_theyShouldVerifyTheProvidersSignatures()
      throws Exception {
    KeyPair telnyx = ProviderSignatures.otherEd25519();
    KeyPair sendgrid = ProviderSignatures.otherP256();
    byte[] der = telnyx.getPublic().getEncoded();
    // Telnyx shows the raw 32-byte key; SendGrid the X.509 encoding.
    String telnyxRaw =
        Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    String sendgridX509 = Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded());

    ConfiguredWebhookVerificationKeys keys =
        new ConfiguredWebhookVerificationKeys(credentials(telnyxRaw, sendgridX509));

    Signature ed = Signature.getInstance("Ed25519");
    ed.initVerify(keys.telnyx().orElseThrow());
    ed.update("1700000000|{}".getBytes(StandardCharsets.UTF_8));
    assertThat(
            ed.verify(
                Base64.getDecoder()
                    .decode(ProviderSignatures.telnyx(telnyx.getPrivate(), "1700000000", "{}"))))
        .isTrue();
    Signature ec = Signature.getInstance("SHA256withECDSA");
    ec.initVerify(keys.sendgrid().orElseThrow());
    ec.update("1700000000[]".getBytes(StandardCharsets.UTF_8));
    assertThat(
            ec.verify(
                Base64.getDecoder()
                    .decode(
                        ProviderSignatures.sendgrid(sendgrid.getPrivate(), "1700000000", "[]"))))
        .isTrue();
  }

  @Test
  void givenNoKeys_whenRead_theyShouldBeEmpty() {
    ConfiguredWebhookVerificationKeys keys =
        new ConfiguredWebhookVerificationKeys(credentials(null, " "));

    assertThat(keys.telnyx()).isEmpty();
    assertThat(keys.sendgrid()).isEmpty();
  }

  @Test
  void givenAMalformedKey_whenRead_itShouldStopTheStartUpNamingTheSetting() {
    assertThatThrownBy(() -> new ConfiguredWebhookVerificationKeys(credentials("c2hvcnQ=", null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("iris.providers.telnyx.webhook-public-key");
    assertThatThrownBy(
            () -> new ConfiguredWebhookVerificationKeys(credentials(null, "not base64 at all!")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("iris.providers.sendgrid.webhook-public-key");
  }
}
