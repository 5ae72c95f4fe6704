package io.iris.integrations.spi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A raw body signed together with a timestamp by a provider's private key (Telnyx: Ed25519 over
 * {@code timestamp|body}; SendGrid: ECDSA over {@code timestamp + body}). The timestamp bounds
 * replays: it must be within the tolerance of now, either way.
 */
public final class SignedPayload {

  private SignedPayload() {}

  /**
   * Refuses the callback unless its signature is valid for {@code timestamp + separator + body} and
   * the timestamp (unix seconds) is within {@code tolerance} of the clock.
   *
   * @param source what is refused, e.g. "Telnyx callback"
   */
  public static void verify(
      String source,
      String algorithm,
      PublicKey key,
      String timestamp,
      String separator,
      byte[] body,
      String base64Signature,
      Clock clock,
      Duration tolerance) {
    Instant signedAt;
    try {
      signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw CallbackRejection.invalidSignature(
          source, "The signature timestamp is not a unix time.");
    }
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(tolerance) > 0) {
      throw CallbackRejection.invalidSignature(
          source,
          "The signature timestamp is more than " + tolerance.toSeconds() + " seconds from now.");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(base64Signature);
    } catch (IllegalArgumentException e) {
      throw CallbackRejection.invalidSignature(source, "The signature is not base64.");
    }
    if (!valid(
        algorithm,
        key,
        (timestamp + separator).getBytes(StandardCharsets.UTF_8),
        body,
        signature)) {
      throw CallbackRejection.invalidSignature(source, "The signature does not match the request.");
    }
  }

  private static boolean valid(
      String algorithm, PublicKey key, byte[] prefix, byte[] body, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(prefix);
      verifier.update(body);
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      // A signature that is not even well-formed (e.g. bad DER) is simply not valid.
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " verification is not available", e);
    }
  }
}
