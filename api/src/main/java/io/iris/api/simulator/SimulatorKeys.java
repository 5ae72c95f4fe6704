package io.iris.api.simulator;

import io.iris.api.send.receipts.WebhookVerificationKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The simulated Telnyx and SendGrid signing keys, made fresh at every start (so no key material
 * lives in the repository). In development the receipt webhooks verify against these public keys
 * instead of the configured ones.
 */
@Component
@Primary
@Profile("dev")
public class SimulatorKeys implements WebhookVerificationKeys {

  private static final Logger log = LoggerFactory.getLogger(SimulatorKeys.class);

  private final KeyPair telnyx;
  private final KeyPair sendgrid;

  public SimulatorKeys() throws GeneralSecurityException {
    this.telnyx = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    this.sendgrid = ec.generateKeyPair();
    log.info(
        "Provider simulator signing keys generated: Telnyx Ed25519 public key {} (raw, base64),"
            + " SendGrid P-256 public key {} (X.509, base64)",
        Base64.getEncoder().encodeToString(rawEd25519(telnyx.getPublic())),
        Base64.getEncoder().encodeToString(sendgrid.getPublic().getEncoded()));
  }

  @Override
  public Optional<PublicKey> telnyx() {
    return Optional.of(telnyx.getPublic());
  }

  @Override
  public Optional<PublicKey> sendgrid() {
    return Optional.of(sendgrid.getPublic());
  }

  /** The key the simulated Telnyx signs its webhooks with. */
  public PrivateKey telnyxSigningKey() {
    return telnyx.getPrivate();
  }

  /** The key the simulated SendGrid signs its Event Webhook with. */
  public PrivateKey sendgridSigningKey() {
    return sendgrid.getPrivate();
  }

  /** Telnyx's {@code telnyx-signature-ed25519}: Base64(Ed25519 over {@code timestamp|body}). */
  String signAsTelnyx(String timestamp, byte[] body) {
    return sign("Ed25519", telnyx.getPrivate(), timestamp + "|", body);
  }

  /**
   * SendGrid's {@code X-Twilio-Email-Event-Webhook-Signature}: Base64(DER ECDSA P-256 with SHA-256
   * over {@code timestamp + body}).
   */
  String signAsSendGrid(String timestamp, byte[] body) {
    return sign("SHA256withECDSA", sendgrid.getPrivate(), timestamp, body);
  }

  private static String sign(String algorithm, PrivateKey key, String prefix, byte[] body) {
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(prefix.getBytes(StandardCharsets.UTF_8));
      signer.update(body);
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " signing is not available", e);
    }
  }

  /** The raw 32 bytes of an Ed25519 public key: the tail of its X.509 encoding. */
  static byte[] rawEd25519(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }
}
