package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyMaterialTest {

  @TempDir Path folder;

  @Test
  void givenAFolder_whenLoadedTwice_theSameKeysShouldComeBackAndBePublished() throws Exception {
    SigningKeyMaterial first = SigningKeyMaterial.loadOrCreate(folder);
    SigningKeyMaterial second = SigningKeyMaterial.loadOrCreate(folder);

    assertThat(second).isEqualTo(first);
    Properties published = new Properties();
    try (Reader in = Files.newBufferedReader(folder.resolve("published.properties"))) {
      published.load(in);
    }
    assertThat(published.stringPropertyNames())
        .containsExactlyInAnyOrder(
            "iris.providers.telnyx.webhook-public-key",
            "iris.providers.sendgrid.webhook-public-key",
            "iris.simulator.keys.telnyx-public-key",
            "iris.simulator.keys.sendgrid-public-key");
    assertThat(published.getProperty("iris.providers.telnyx.webhook-public-key"))
        .isEqualTo(first.telnyxPublic());
    // No private half leaves the simulator's own file.
    assertThat(Files.readString(folder.resolve("published.properties")))
        .doesNotContain(first.telnyxPrivate())
        .doesNotContain(first.sendgridPrivate());
  }

  @Test
  void givenNoFolder_eachLoadShouldMakeFreshKeys() {
    assertThat(SigningKeyMaterial.loadOrCreate(null))
        .isNotEqualTo(SigningKeyMaterial.loadOrCreate(null));
  }

  @Test
  void givenThePublishedKeys_signaturesOfThePrivateHalvesShouldVerify() throws Exception {
    SigningKeyMaterial keys = SigningKeyMaterial.generate();
    byte[] body = "{\"data\":1}".getBytes(StandardCharsets.UTF_8);

    // Telnyx publishes the raw 32 bytes: rebuild the X.509 form as a verifier would.
    byte[] raw = Base64.getDecoder().decode(keys.telnyxPublic());
    assertThat(raw).hasSize(32);
    byte[] der =
        HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
    PublicKey telnyx =
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    assertThat(verify("Ed25519", telnyx, sign("Ed25519", keys.telnyxPrivate(), body), body))
        .isTrue();

    PublicKey sendgrid =
        KeyFactory.getInstance("EC")
            .generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(keys.sendgridPublic())));
    byte[] signed = sign("SHA256withECDSA", keys.sendgridPrivate(), body);
    assertThat(verify("SHA256withECDSA", sendgrid, signed, body)).isTrue();
    assertThat(verify("SHA256withECDSA", sendgrid, signed, "{}".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  private static byte[] sign(String algorithm, String pkcs8, byte[] body) throws Exception {
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(
        SigningKeyMaterial.privateKey(algorithm.equals("Ed25519") ? "Ed25519" : "EC", pkcs8));
    signer.update(body);
    return signer.sign();
  }

  private static boolean verify(String algorithm, PublicKey key, byte[] signature, byte[] body)
      throws Exception {
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(key);
    verifier.update(body);
    return verifier.verify(signature);
  }
}
