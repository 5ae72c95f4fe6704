package io.iris.api.send.receipts;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The keys as the providers publish them, from configuration: Telnyx shows the raw 32-byte Ed25519
 * key in base64, SendGrid the X.509 DER encoding in base64. A key that is set but cannot be read
 * stops the start-up, naming the setting.
 */
@Component
public class ConfiguredWebhookVerificationKeys implements WebhookVerificationKeys {

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519, before the 32 key bytes. */
  private static final byte[] ED25519_X509_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private final Optional<PublicKey> telnyx;
  private final Optional<PublicKey> sendgrid;

  public ConfiguredWebhookVerificationKeys(ReceiptCredentials credentials) {
    this.telnyx =
        read(
            "iris.providers.telnyx.webhook-public-key",
            credentials.telnyx().webhookPublicKey(),
            ConfiguredWebhookVerificationKeys::ed25519FromRaw);
    this.sendgrid =
        read(
            "iris.providers.sendgrid.webhook-public-key",
            credentials.sendgrid().webhookPublicKey(),
            ConfiguredWebhookVerificationKeys::ecFromX509);
  }

  @Override
  public Optional<PublicKey> telnyx() {
    return telnyx;
  }

  @Override
  public Optional<PublicKey> sendgrid() {
    return sendgrid;
  }

  /** An Ed25519 public key from its raw 32 bytes. */
  public static PublicKey ed25519FromRaw(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, not " + raw.length);
    }
    byte[] der = new byte[ED25519_X509_PREFIX.length + raw.length];
    System.arraycopy(ED25519_X509_PREFIX, 0, der, 0, ED25519_X509_PREFIX.length);
    System.arraycopy(raw, 0, der, ED25519_X509_PREFIX.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }

  /** An EC public key from its X.509 DER encoding. */
  public static PublicKey ecFromX509(byte[] der) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
  }

  private interface KeyDecoder {
    PublicKey decode(byte[] bytes) throws GeneralSecurityException;
  }

  private static Optional<PublicKey> read(String property, String base64, KeyDecoder decoder) {
    if (base64 == null || base64.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(decoder.decode(Base64.getMimeDecoder().decode(base64.trim())));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "'" + property + "' is not a valid public key (" + e.getMessage() + ").", e);
    }
  }
}
