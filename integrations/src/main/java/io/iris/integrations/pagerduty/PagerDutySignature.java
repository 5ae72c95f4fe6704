package io.iris.integrations.pagerduty;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PagerDuty webhooks v3 signatures: {@code X-PagerDuty-Signature} lists one or more {@code v1=<hex
 * HMAC-SHA256(secret, raw body)>}, comma-separated (several while a secret is rotated). A request
 * is authentic when any {@code v1} value matches; each comparison takes the same time whatever the
 * value. Other versions are ignored.
 */
public final class PagerDutySignature {

  public static final String HEADER = "X-PagerDuty-Signature";
  private static final String V1 = "v1=";

  private PagerDutySignature() {}

  /** Whether {@code header} holds a valid signature of {@code body} under {@code secret}. */
  public static boolean matches(String secret, byte[] body, String header) {
    if (secret == null || secret.isEmpty() || header == null || header.isBlank()) {
      return false;
    }
    byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String part : header.split(",")) {
      String candidate = part.strip();
      if (!candidate.regionMatches(true, 0, V1, 0, V1.length())) {
        continue;
      }
      byte[] presented =
          candidate
              .substring(V1.length())
              .strip()
              .toLowerCase(Locale.ROOT)
              .getBytes(StandardCharsets.US_ASCII);
      // Every v1 value is compared, so the time taken does not tell which one matched.
      matched |= MessageDigest.isEqual(expected, presented);
    }
    return matched;
  }

  /** The lower-case hex HMAC-SHA256 of {@code body}: what PagerDuty sends after {@code v1=}. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
