package io.iris.simulator;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Reading requests the way the real providers do: raw bodies, forms, credentials. */
final class SimulatorRequests {

  private static final int MAX_BODY = 5 * 1024 * 1024;
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>()\\[\\],;:\"]+@[^@\\s<>()\\[\\],;:\"]+\\.[^@\\s<>()\\[\\],;:\"]+");

  private SimulatorRequests() {}

  /** The raw body, read before anything parses it. */
  static byte[] body(HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE);
    }
    return body;
  }

  /** Form fields (first value of each), decoded as UTF-8; malformed escapes are kept as sent. */
  static Map<String, String> form(byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      fields.putIfAbsent(
          decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return fields;
  }

  static String encodeForm(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static boolean isFormContent(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null
        && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** User and password of HTTP Basic authentication. */
  static Optional<String[]> basic(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? Optional.empty()
          : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Optional<String> bearer(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).trim()).filter(t -> !t.isEmpty());
  }

  /**
   * Whether a presented credential opens the simulated account: it must be present, and equal the
   * configured one where one is configured (compared in constant time, as a provider would).
   */
  static boolean opens(String configured, String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    if (configured == null || configured.isEmpty()) {
      return true;
    }
    return MessageDigest.isEqual(
        configured.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  static boolean isE164(String number) {
    return number != null && E164.matcher(number).matches();
  }

  static boolean isEmail(String address) {
    return address != null && EMAIL.matcher(address.trim()).matches();
  }

  /** The path after a prefix, e.g. the webhook path a Teams or tenant URL points at. */
  static String pathAfter(HttpServletRequest request, String prefix) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    int at = path.indexOf(prefix);
    return at < 0 ? path : path.substring(at + prefix.length());
  }
}
