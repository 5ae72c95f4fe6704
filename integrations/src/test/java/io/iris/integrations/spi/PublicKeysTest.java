package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PublicKeysTest {

  private static byte[] sign(String algorithm, PrivateKey key, String data) throws Exception {
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data.getBytes(StandardCharsets.UTF_8));
    return signer.sign();
  }

  @Test
  void givenKeysAsTheProvidersPublishThem_whenRead_theyShouldVerifyTheProvidersSignatures()
      throws Exception {
    KeyPair telnyx = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair sendgrid = ec.generateKeyPair();
    byte[] der = telnyx.getPublic().getEncoded();
    // Telnyx shows the raw 32-byte key; SendGrid the X.509 encoding.
    String telnyxRaw =
        Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    String sendgridX509 = Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded());

    Signature ed = Signature.getInstance("Ed25519");
    ed.initVerify(PublicKeys.read("t", telnyxRaw, PublicKeys::ed25519FromRaw).orElseThrow());
    ed.update("1700000000|{}".getBytes(StandardCharsets.UTF_8));
    assertThat(ed.verify(sign("Ed25519", telnyx.getPrivate(), "1700000000|{}"))).isTrue();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(PublicKeys.read("s", sendgridX509, PublicKeys::ecFromX509).orElseThrow());
    verifier.update("1700000000[]".getBytes(StandardCharsets.UTF_8));
    assertThat(verifier.verify(sign("SHA256withECDSA", sendgrid.getPrivate(), "1700000000[]")))
        .isTrue();
  }

  @Test
  void givenNoKeys_whenRead_theyShouldBeEmpty() {
    assertThat(PublicKeys.read("t", null, PublicKeys::ed25519FromRaw)).isEmpty();
    assertThat(PublicKeys.read("s", " ", PublicKeys::ecFromX509)).isEmpty();
  }

  @Test
  void givenAMalformedKey_whenRead_itShouldStopTheStartUpNamingTheSetting() {
    assertThatThrownBy(
            () ->
                PublicKeys.read(
                    "iris.providers.telnyx.webhook-public-key",
                    "c2hvcnQ=",
                    PublicKeys::ed25519FromRaw))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("iris.providers.telnyx.webhook-public-key");
    assertThatThrownBy(
            () ->
                PublicKeys.read(
                    "iris.providers.sendgrid.webhook-public-key",
                    "not base64 at all!",
                    PublicKeys::ecFromX509))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("iris.providers.sendgrid.webhook-public-key");
  }
}
