package io.iris.integrations.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on our outgoing webhooks, for us, our simulator and receivers.
 *
 * <p>Headers: {@code X-Iris-Timestamp} (unix seconds) and {@code X-Iris-Signature: v1=<hex>}, where
 * hex is HMAC-SHA256 with the signing secret over {@code timestamp + "." + rawBody}, the body bytes
 * exactly as sent. A receiver recomputes it over the raw bytes it got (never a re-serialized
 * parse), compares in constant time, and refuses timestamps outside a tolerance window in either
 * direction, which bounds replays. During a secret rotation the header may carry several
 * comma-separated {@code v1=} values; one match is enough.
 */
public final class WebhookSignature {

  public static final String TIMESTAMP_HEADER = "X-Iris-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Iris-Signature";
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String SCHEME = "v1=";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /**
   * The {@code X-Iris-Signature} value for a body sent at a time.
   *
   * @param secret the signing secret (not blank)
   * @param timestamp unix seconds, as sent in {@code X-Iris-Timestamp}
   * @param rawBody the body bytes exactly as sent
   */
  public static String sign(String secret, long timestamp, byte[] rawBody) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the webhook signing secret is empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return SCHEME + HexFormat.of().formatHex(mac.doFinal(rawBody));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /**
   * Whether a received webhook is genuine and fresh.
   *
   * @param timestampHeader the {@code X-Iris-Timestamp} value as received
   * @param signatureHeader the {@code X-Iris-Signature} value as received
   * @param now the receiver's clock
   * @param tolerance how far the timestamp may be from {@code now}, either way
   * @return false for a missing, malformed, stale, future or wrong signature
   */
  public static boolean verify(
      String secret,
      String timestampHeader,
      byte[] rawBody,
      String signatureHeader,
      Instant now,
      Duration tolerance) {
    if (secret == null
        || secret.isBlank()
        || timestampHeader == null
        || signatureHeader == null
        || rawBody == null) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (String candidate : signatureHeader.split(",")) {
      // Every candidate is compared, so timing does not tell which one matched.
      match |=
          MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }
}
