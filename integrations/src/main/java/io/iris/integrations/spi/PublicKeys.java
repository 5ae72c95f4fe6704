package io.iris.integrations.spi;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Public keys as providers publish them for their webhook signatures: Telnyx shows the raw 32-byte
 * Ed25519 key in base64, SendGrid the X.509 DER encoding in base64. A key that is set but cannot be
 * read stops the start-up, naming the setting.
 */
public final class PublicKeys {

  /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519, before the 32 key bytes. */
  private static final byte[] ED25519_X509_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  /** Turns the decoded bytes into a key. */
  public interface Decoder {
    PublicKey decode(byte[] bytes) throws GeneralSecurityException;
  }

  private PublicKeys() {}

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

  /**
   * The configured key, or empty when it is not set.
   *
   * @param property the setting's key, named when the value cannot be read
   * @throws IllegalStateException when the value is set but is not such a key
   */
  public static Optional<PublicKey> read(String property, String base64, Decoder decoder) {
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
