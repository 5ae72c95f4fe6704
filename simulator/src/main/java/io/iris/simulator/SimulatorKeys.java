package io.iris.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The keys the simulated Telnyx and SendGrid sign their webhooks with. They come from configuration
 * ({@link SimulatorEnvironmentPostProcessor} puts them there, with their public halves under the
 * platform's verification settings); this bean only signs.
 */
@Component
@Profile("dev")
public class SimulatorKeys {

  private static final Logger log = LoggerFactory.getLogger(SimulatorKeys.class);

  private final PrivateKey telnyx;
  private final PrivateKey sendgrid;

  public SimulatorKeys(Environment environment) {
    this.telnyx =
        SigningKeyMaterial.privateKey(
            "Ed25519", environment.getRequiredProperty(SigningKeyMaterial.TELNYX_PRIVATE_KEY));
    this.sendgrid =
        SigningKeyMaterial.privateKey(
            "EC", environment.getRequiredProperty(SigningKeyMaterial.SENDGRID_PRIVATE_KEY));
    log.info(
        "Provider simulator signing keys: Telnyx Ed25519 public key {} (raw, base64), SendGrid"
            + " P-256 public key {} (X.509, base64)",
        environment.getProperty(SigningKeyMaterial.TELNYX_PUBLIC_KEY),
        environment.getProperty(SigningKeyMaterial.SENDGRID_PUBLIC_KEY));
  }

  /** The key the simulated Telnyx signs its webhooks with. */
  public PrivateKey telnyxSigningKey() {
    return telnyx;
  }

  /** The key the simulated SendGrid signs its Event Webhook with. */
  public PrivateKey sendgridSigningKey() {
    return sendgrid;
  }

  /** Telnyx's {@code telnyx-signature-ed25519}: Base64(Ed25519 over {@code timestamp|body}). */
  String signAsTelnyx(String timestamp, byte[] body) {
    return sign("Ed25519", telnyx, timestamp + "|", body);
  }

  /**
   * SendGrid's {@code X-Twilio-Email-Event-Webhook-Signature}: Base64(DER ECDSA P-256 with SHA-256
   * over {@code timestamp + body}).
   */
  String signAsSendGrid(String timestamp, byte[] body) {
    return sign("SHA256withECDSA", sendgrid, timestamp, body);
  }

  private static String sign(String algorithm, PrivateKey key, String prefix, byte[] body) {
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(prefix.getBytes(StandardCharsets.UTF_8));
      signer.update(body);
      return java.util.Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " signing is not available", e);
    }
  }
}
