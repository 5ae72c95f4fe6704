package io.iris.integrations.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature: Base64(HMAC-SHA1(auth token, the full URL followed by every form
 * parameter's name and value, sorted by name)).
 */
final class TwilioSignature {

  private TwilioSignature() {}

  static String compute(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params)
        .forEach(
            (name, values) -> values.stream().sorted().forEach(v -> data.append(name).append(v)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  /** True when the presented signature signs the parameters under one of the URL spellings. */
  static boolean matches(
      String authToken,
      Collection<String> urlSpellings,
      Map<String, List<String>> params,
      String presented) {
    byte[] presentedBytes = presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (String url : urlSpellings) {
      // Every spelling is checked, in constant time, so timing says nothing about which matched.
      match |=
          MessageDigest.isEqual(
              compute(authToken, url, params).getBytes(StandardCharsets.UTF_8), presentedBytes);
    }
    return match;
  }
}
