package io.iris.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes API keys and their stored form. A key is {@code iris_} plus 32 bytes from a {@link
 * SecureRandom}, base64url-encoded; only its SHA-256 hash is stored. A fast hash suffices because
 * the key carries 256 bits of entropy: there is nothing to guess by brute force, unlike a password.
 */
public final class ApiKeySecrets {

  public static final String PREFIX = "iris_";
  private static final int RANDOM_BYTES = 32;

  /** Characters kept in clear beside the hash so people can tell keys apart in listings. */
  private static final int DISPLAY_PREFIX_LENGTH = 12;

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  /** A new random key, to be shown once and never stored in clear. */
  public static String newKey() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The lowercase hex SHA-256 of a key, as stored in {@code api_keys.key_hash}. */
  public static String hash(String key) {
    return sha256Hex(key);
  }

  /** The lowercase hex SHA-256 of a text's UTF-8 bytes. */
  public static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The first characters of a key, safe to show in listings. */
  public static String displayPrefix(String key) {
    return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
  }
}
