package io.iris.api.send.receipts;

import io.iris.api.platform.TextRule;
import io.iris.api.problem.ApiProblem;
import io.iris.api.webhook.WebhookProblems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reading a callback without disturbing what was signed. The body is read from the input stream
 * before anything asks the servlet container for parameters (which, for a form post, would consume
 * and re-decode it), and the query string is parsed here for the same reason.
 */
final class WebhookRequests {

  private WebhookRequests() {}

  /** The raw body, at most {@code limit} bytes. */
  static byte[] body(HttpServletRequest request, long limit) throws IOException {
    byte[] body =
        request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      throw WebhookProblems.tooLarge(limit);
    }
    return body;
  }

  /**
   * Name/value pairs of an {@code application/x-www-form-urlencoded} text (a form body or a query
   * string), in order, decoded as UTF-8.
   *
   * @throws IllegalArgumentException when an escape is malformed
   */
  static Map<String, List<String>> formFields(String encoded) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return fields;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      fields
          .computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** The first value of a field, under the edge's text rule (read once the signature is good). */
  static Optional<String> first(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    TextRule.check(name, values.get(0));
    return Optional.of(values.get(0));
  }

  /**
   * Our message id, carried in the callback URL's {@code messageId} query parameter (the adapters
   * put it there when they hand the message over).
   */
  static UUID messageId(HttpServletRequest request) {
    Map<String, List<String>> query;
    try {
      query = formFields(request.getQueryString());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("messageId", "must be a UUID");
    }
    String value =
        first(query, "messageId")
            .filter(v -> !v.isBlank())
            .orElseThrow(() -> ApiProblem.invalidField("messageId", "is required"));
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("messageId", "must be a UUID");
    }
  }

  /** A header that must be present and not blank, or the request is unauthenticated. */
  static String signatureHeader(HttpServletRequest request, String provider, String name) {
    String value = request.getHeader(name);
    if (value == null || value.isBlank()) {
      throw WebhookProblems.invalidSignature(provider, "The " + name + " header is missing.");
    }
    return value.trim();
  }
}
