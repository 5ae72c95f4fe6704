package io.iris.integrations.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature (version {@code v0}): {@code X-Slack-Signature} is {@code "v0=" +
 * hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body))}. The
 * timestamp bounds replays and is checked in both directions, and signatures are compared in
 * constant time (the SDK's own verifier does neither).
 */
public final class SlackSignature {

  public static final String VERSION = "v0";

  /** Why a request was refused; the text goes into the 401 problem and the log. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private SlackSignature() {}

  /** The signature Slack would send for this timestamp and body. */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Accepts the request or says why not.
   *
   * @param timestamp {@code X-Slack-Request-Timestamp}, unix seconds, or null
   * @param signature {@code X-Slack-Signature}, or null
   */
  public static void verify(
      String secret,
      String timestamp,
      String signature,
      byte[] body,
      Instant now,
      Duration tolerance)
      throws Invalid {
    if (timestamp == null || timestamp.isBlank()) {
      throw new Invalid("The X-Slack-Request-Timestamp header is missing.");
    }
    if (signature == null || signature.isBlank()) {
      throw new Invalid("The X-Slack-Signature header is missing.");
    }
    String ts = timestamp.trim();
    long seconds;
    try {
      seconds = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      throw new Invalid("The X-Slack-Request-Timestamp header is not a unix time.");
    }
    // Compared in seconds, so no timestamp can overflow an Instant.
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      throw new Invalid(
          "The X-Slack-Request-Timestamp is more than "
              + tolerance.toSeconds()
              + " seconds from now.");
    }
    byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new Invalid("The X-Slack-Signature does not match the request.");
    }
  }
}
