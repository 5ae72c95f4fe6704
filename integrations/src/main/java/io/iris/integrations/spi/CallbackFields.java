package io.iris.integrations.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Reading the fields a callback needs, naming what is missing: JSON, form-encoded bodies and query
 * strings, all under the edge's text rule ({@link EdgeText}). Read once the signature is good.
 */
public final class CallbackFields {

  private CallbackFields() {}

  public static JsonNode parse(ObjectMapper mapper, byte[] body, String expected) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw CallbackRejection.malformed(
            "The request body is empty; " + expected + " is expected.");
      }
      return root;
    } catch (IOException e) {
      throw CallbackRejection.malformed(
          "The request body is not JSON; " + expected + " is expected.");
    }
  }

  /** A non-blank text field; {@code path} names it when it is not. */
  public static String text(JsonNode parent, String name, String path) {
    JsonNode node = parent.path(name);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw CallbackRejection.invalidField(
          path,
          node.isMissingNode() || node.isNull() ? "is required" : "must be a non-empty string");
    }
    check(path, node.asText());
    return node.asText();
  }

  public static JsonNode object(JsonNode parent, String name, String path) {
    JsonNode node = parent.path(name);
    if (!node.isObject()) {
      throw CallbackRejection.invalidField(
          path, node.isMissingNode() || node.isNull() ? "is required" : "must be an object");
    }
    return node;
  }

  /** A text field that may be absent, or ""; numbers are taken as their text. */
  public static String optionalText(JsonNode parent, String name) {
    JsonNode node = parent.path(name);
    String text = node.isValueNode() && !node.isNull() ? node.asText() : "";
    check(name, text);
    return text;
  }

  /**
   * Name/value pairs of an {@code application/x-www-form-urlencoded} text (a form body or a query
   * string), in order, decoded as UTF-8.
   *
   * @throws IllegalArgumentException when an escape is malformed
   */
  public static Map<String, List<String>> formFields(String encoded) {
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

  /** The first value of a form field, under the text rule. */
  public static Optional<String> first(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    check(name, values.get(0));
    return Optional.of(values.get(0));
  }

  /** A form field that must be present and not blank. */
  public static String required(Map<String, List<String>> fields, String name) {
    return first(fields, name)
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> CallbackRejection.invalidField(name, "is required"));
  }

  /**
   * Our message id, carried in the callback URL's {@code messageId} query parameter (the adapters
   * put it there when they hand the message over).
   */
  public static UUID messageId(CallbackRequest request) {
    Map<String, List<String>> query;
    try {
      query = formFields(request.queryString());
    } catch (IllegalArgumentException e) {
      throw CallbackRejection.invalidField("messageId", "must be a UUID");
    }
    String value =
        first(query, "messageId")
            .filter(v -> !v.isBlank())
            .orElseThrow(() -> CallbackRejection.invalidField("messageId", "is required"));
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw CallbackRejection.invalidField("messageId", "must be a UUID");
    }
  }

  private static void check(String field, String text) {
    EdgeText.problem(text)
        .ifPresent(
            p -> {
              throw CallbackRejection.invalidField(field, p);
            });
  }
}
